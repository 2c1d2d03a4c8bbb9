/*
 * device.c - \\.\LwfRate control device (NdisRegisterDeviceEx based)
 */
#include "lwfrate.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH LrDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH LrDispatchIoctl;

static NTSTATUS
LrDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
LrDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWFRATE_SNAPSHOT) {
        PLR_SNAPSHOT out = (PLR_SNAPSHOT)Irp->AssociatedIrp.SystemBuffer;
        ULONG cap = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(LR_SNAPSHOT);
        ULONG n = 0;
        PLIST_ENTRY e;

        NdisAcquireSpinLock(&LrGlobals.Lock);
        for (e = LrGlobals.Modules.Flink; e != &LrGlobals.Modules && n < cap; e = e->Flink) {
            PLR_MODULE m = CONTAINING_RECORD(e, LR_MODULE, Link);
            out[n].IfIndex       = m->IfIndex;
            out[n].Pad           = 0;
            out[n].RxBytesPerSec = m->RxRate;
            out[n].TxBytesPerSec = m->TxRate;
            n++;
        }
        NdisReleaseSpinLock(&LrGlobals.Lock);

        info = (ULONG_PTR)n * sizeof(LR_SNAPSHOT);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS
LrRegisterDevice(VOID)
{
    NDIS_STATUS status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES da;
    PDRIVER_DISPATCH table[IRP_MJ_MAXIMUM_FUNCTION + 1];
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(LR_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(LR_LINK_NAME);

    NdisZeroMemory(table, sizeof(table));
    table[IRP_MJ_CREATE]         = LrDispatchCreateClose;
    table[IRP_MJ_CLOSE]          = LrDispatchCreateClose;
    table[IRP_MJ_DEVICE_CONTROL] = LrDispatchIoctl;

    NdisZeroMemory(&da, sizeof(da));
    da.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    da.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    da.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    da.DeviceName      = &devName;
    da.SymbolicName    = &linkName;
    da.MajorFunctions  = &table[0];
    da.ExtensionSize   = 0;

    status = NdisRegisterDeviceEx(LrGlobals.FilterDriverHandle, &da,
                                  &LrGlobals.Device, &LrGlobals.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LrGlobals.Device = NULL;
        LrGlobals.DeviceHandle = NULL;
    }
    return status;
}

VOID
LrDeregisterDevice(VOID)
{
    if (LrGlobals.DeviceHandle != NULL) {
        /* removes the symbolic link as well */
        NdisDeregisterDeviceEx(LrGlobals.DeviceHandle);
        LrGlobals.DeviceHandle = NULL;
        LrGlobals.Device = NULL;
    }
}
