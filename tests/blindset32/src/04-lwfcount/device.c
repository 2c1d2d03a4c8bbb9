#include "filter.h"

static NDIS_HANDLE    NdisDeviceHandle;
static PDEVICE_OBJECT NdisDeviceObject;

static DRIVER_DISPATCH FilterDispatch;
static DRIVER_DISPATCH FilterDeviceIoControl;

NDIS_STATUS
FilterRegisterDevice(VOID)
{
    NDIS_STATUS status;
    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;
    PDRIVER_DISPATCH dispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;

    NdisZeroMemory(dispatchTable, sizeof(dispatchTable));
    dispatchTable[IRP_MJ_CREATE] = FilterDispatch;
    dispatchTable[IRP_MJ_CLEANUP] = FilterDispatch;
    dispatchTable[IRP_MJ_CLOSE] = FilterDispatch;
    dispatchTable[IRP_MJ_DEVICE_CONTROL] = FilterDeviceIoControl;

    NdisInitUnicodeString(&deviceName, NTDEVICE_STRING);
    NdisInitUnicodeString(&linkName, LINKNAME_STRING);

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName = &deviceName;
    attrs.SymbolicName = &linkName;
    attrs.MajorFunctions = &dispatchTable[0];

    status = NdisRegisterDeviceEx(FilterDriverHandle, &attrs,
                                  &NdisDeviceObject, &NdisDeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisDeviceHandle = NULL;
        NdisDeviceObject = NULL;
    }
    return status;
}

VOID
FilterDeregisterDevice(VOID)
{
    if (NdisDeviceHandle != NULL) {
        NdisDeregisterDeviceEx(NdisDeviceHandle);
        NdisDeviceHandle = NULL;
        NdisDeviceObject = NULL;
    }
}

static NTSTATUS
FilterDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
FilterDeviceIoControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG n;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWFCOUNT_QUERY) {
        if (outLen < sizeof(LWF_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            n = StatsSnapshot((PLWF_COUNTERS)Irp->AssociatedIrp.SystemBuffer,
                              min(outLen / sizeof(LWF_COUNTERS), FILTER_MAX_REPORTED));
            Irp->IoStatus.Information = n * sizeof(LWF_COUNTERS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
