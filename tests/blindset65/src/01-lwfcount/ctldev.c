/*
 * ctldev.c - control device so the little lwfstat.exe tool can read counters.
 */
#include "lwfcount.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
static DRIVER_DISPATCH LwfcDispatchSimple;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH LwfcDispatchIoctl;

static NTSTATUS
LwfcDispatchSimple(
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
LwfcDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWFC_GET_COUNTERS) {
        PLWFC_COUNTERS out = (PLWFC_COUNTERS)Irp->AssociatedIrp.SystemBuffer;
        ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(LWFC_COUNTERS);
        ULONG i = 0;
        PLIST_ENTRY e;

        NdisAcquireSpinLock(&g_Lwfc.ModuleLock);
        for (e = g_Lwfc.ModuleList.Flink;
             e != &g_Lwfc.ModuleList && i < max;
             e = e->Flink, i++) {
            PLWFC_MODULE m = CONTAINING_RECORD(e, LWFC_MODULE, Link);
            out[i].IfIndex  = m->MiniportIfIndex;
            out[i].Reserved = 0;
            out[i].TxFrames = m->TxFrames;
            out[i].RxFrames = m->RxFrames;
        }
        NdisReleaseSpinLock(&g_Lwfc.ModuleLock);

        info = (ULONG_PTR)i * sizeof(LWFC_COUNTERS);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS
LwfcRegisterControlDevice(VOID)
{
    NDIS_STATUS status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(LWFC_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(LWFC_LINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE]         = LwfcDispatchSimple;
    dispatch[IRP_MJ_CLEANUP]        = LwfcDispatchSimple;
    dispatch[IRP_MJ_CLOSE]          = LwfcDispatchSimple;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfcDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName      = &devName;
    attrs.SymbolicName    = &linkName;
    attrs.MajorFunctions  = &dispatch[0];
    attrs.ExtensionSize   = 0;

    status = NdisRegisterDeviceEx(g_Lwfc.FilterDriverHandle,
                                  &attrs,
                                  &g_Lwfc.ControlDevice,
                                  &g_Lwfc.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Lwfc.ControlDevice = NULL;
        g_Lwfc.DeviceHandle = NULL;
        return status;
    }

    LWFC_LOG("control device %p ready", g_Lwfc.ControlDevice);
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfcDeregisterControlDevice(VOID)
{
    if (g_Lwfc.ControlDevice != NULL) {
        /* NDIS tears the symbolic link down with the device */
        IoDeleteDevice(g_Lwfc.ControlDevice);
        g_Lwfc.ControlDevice = NULL;
        g_Lwfc.DeviceHandle = NULL;
    }
}
