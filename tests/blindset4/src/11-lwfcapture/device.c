/*
 * device.c - the \\.\LwfCapture control device.
 */
#include "lwfcap.h"

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH LcDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH LcDispatchDeviceControl;

static NTSTATUS
LcDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
LcDispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LC_READ_RING:
        info = LcRingRead(Irp->AssociatedIrp.SystemBuffer, outLen);
        break;

    case IOCTL_LC_GET_MODULES:
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        NdisAcquireSpinLock(&g_Lc.FilterListLock);
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = g_Lc.ModuleCount;
        NdisReleaseSpinLock(&g_Lc.FilterListLock);
        info = sizeof(ULONG);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS
LcRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES   attributes;
    PDRIVER_DISPATCH                dispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING                     deviceName = RTL_CONSTANT_STRING(LC_DEVICE_NAME);
    NDIS_STRING                     linkName = RTL_CONSTANT_STRING(LC_LINK_NAME);

    NdisZeroMemory(dispatchTable, sizeof(dispatchTable));
    dispatchTable[IRP_MJ_CREATE]         = LcDispatchCreateClose;
    dispatchTable[IRP_MJ_CLOSE]          = LcDispatchCreateClose;
    dispatchTable[IRP_MJ_DEVICE_CONTROL] = LcDispatchDeviceControl;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type      = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attributes.Header.Revision  = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.Header.Size      = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.DeviceName       = &deviceName;
    attributes.SymbolicName     = &linkName;
    attributes.MajorFunctions   = dispatchTable;
    attributes.ExtensionSize    = 0;
    attributes.DefaultSDDLString = &SDDL_DEVOBJ_SYS_ALL_ADM_ALL;

    return NdisRegisterDeviceEx(g_Lc.FilterDriverHandle, &attributes,
                                &g_Lc.DeviceObject, &g_Lc.DeviceHandle);
}

VOID
LcDeregisterDevice(VOID)
{
    if (g_Lc.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Lc.DeviceHandle);
        g_Lc.DeviceHandle = NULL;
        g_Lc.DeviceObject = NULL;
    }
}
