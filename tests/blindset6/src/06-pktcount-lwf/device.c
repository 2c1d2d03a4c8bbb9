#include "pktcount.h"

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PktcDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PktcDispatchIoctl;

static NDIS_HANDLE    NdisDeviceHandle = NULL;
static PDEVICE_OBJECT DeviceObject = NULL;

NTSTATUS
PktcDispatchCreateClose(
    _In_ PDEVICE_OBJECT Device,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(Device);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PktcDispatchIoctl(
    _In_ PDEVICE_OBJECT Device,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    PPKTC_COUNTERS out = (PPKTC_COUNTERS)Irp->AssociatedIrp.SystemBuffer;
    ULONG max = sl->Parameters.DeviceIoControl.OutputBufferLength / sizeof(PKTC_COUNTERS);
    ULONG n = 0;
    NTSTATUS status = STATUS_SUCCESS;
    PLIST_ENTRY le;

    UNREFERENCED_PARAMETER(Device);

    if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_PKTC_QUERY) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else {
        NdisAcquireSpinLock(&FilterListLock);
        for (le = FilterModuleList.Flink; le != &FilterModuleList && n < max; le = le->Flink) {
            PPKTC_FILTER f = CONTAINING_RECORD(le, PKTC_FILTER, Link);
            out[n].IfIndex = f->IfIndex;
            out[n].RxFrames = (ULONG64)f->RxFrames;
            out[n].TxFrames = (ULONG64)f->TxFrames;
            n++;
        }
        NdisReleaseSpinLock(&FilterListLock);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = n * sizeof(PKTC_COUNTERS);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_IRQL_requires_max_(PASSIVE_LEVEL)
NDIS_STATUS
PktcRegisterDevice(
    VOID
    )
{
    NDIS_STATUS status;
    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_DEVICE_OBJECT_ATTRIBUTES attributes;

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE] = PktcDispatchCreateClose;
    dispatch[IRP_MJ_CLOSE] = PktcDispatchCreateClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = PktcDispatchIoctl;

    NdisInitUnicodeString(&deviceName, PKTC_DEVICE_NAME);
    NdisInitUnicodeString(&linkName, PKTC_LINK_NAME);

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);
    attributes.DeviceName = &deviceName;
    attributes.SymbolicName = &linkName;
    attributes.MajorFunctions = &dispatch[0];
    attributes.ExtensionSize = 0;
    attributes.DefaultSDDLString = NULL;
    attributes.DeviceClassGuid = 0;

    status = NdisRegisterDeviceEx(FilterDriverHandle,
                                  &attributes,
                                  &DeviceObject,
                                  &NdisDeviceHandle);
    return status;
}

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
PktcDeregisterDevice(
    VOID
    )
{
    if (NdisDeviceHandle != NULL) {
        NdisDeregisterDeviceEx(NdisDeviceHandle);
        NdisDeviceHandle = NULL;
        DeviceObject = NULL;
    }
}
