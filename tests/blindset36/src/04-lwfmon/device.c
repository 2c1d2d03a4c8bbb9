/*
 * device.c - \Device\LwfMon control device (NdisRegisterDeviceEx)
 */
#include "lwfmon.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH LwfDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH LwfDispatchIoctl;

NDIS_STATUS
LwfRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING devName  = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LWF_LINK_NAME);
    NDIS_STATUS status;

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE]         = LwfDispatchCreateClose;
    dispatch[IRP_MJ_CLEANUP]        = LwfDispatchCreateClose;
    dispatch[IRP_MJ_CLOSE]          = LwfDispatchCreateClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName      = &devName;
    attrs.SymbolicName    = &linkName;
    attrs.MajorFunctions  = dispatch;
    attrs.ExtensionSize   = 0;

    status = NdisRegisterDeviceEx(g_Lwf.FilterDriverHandle,
                                  &attrs,
                                  &g_Lwf.DeviceObject,
                                  &g_Lwf.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Lwf.DeviceObject = NULL;
        g_Lwf.DeviceHandle = NULL;
    }
    return status;
}

VOID
LwfDeregisterDevice(VOID)
{
    if (g_Lwf.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Lwf.DeviceHandle);
        g_Lwf.DeviceHandle = NULL;
        g_Lwf.DeviceObject = NULL;
    }
}

static NTSTATUS
LwfDispatchCreateClose(
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
LwfDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PLWF_SNAPSHOT_ENTRY out = (PLWF_SNAPSHOT_ENTRY)Irp->AssociatedIrp.SystemBuffer;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG n = 0;
    PLIST_ENTRY e;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_LWFMON_SNAPSHOT) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (outLen < sizeof(LWF_SNAPSHOT_ENTRY)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        NdisAcquireSpinLock(&g_Lwf.ModuleLock);
        for (e = g_Lwf.ModuleList.Flink;
             e != &g_Lwf.ModuleList && n < LWF_MAX_SNAPSHOT &&
             (n + 1) * sizeof(LWF_SNAPSHOT_ENTRY) <= outLen;
             e = e->Flink, n++) {
            PLWF_MODULE m = CONTAINING_RECORD(e, LWF_MODULE, Link);
            out[n].IfIndex   = m->IfIndex;
            out[n].State     = (ULONG)m->State;
            out[n].RxFrames  = m->RxFrames;
            out[n].RxDropped = m->RxDropped;
        }
        NdisReleaseSpinLock(&g_Lwf.ModuleLock);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = NT_SUCCESS(status) ? n * sizeof(LWF_SNAPSHOT_ENTRY) : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
