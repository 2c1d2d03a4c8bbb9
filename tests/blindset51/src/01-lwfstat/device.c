/*
 * device.c - control device for lwfstat (query / reset counters).
 */
#include "lwfstat.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH LwfDispatchPassive;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH LwfDispatchIoctl;

static ULONG
LwfSnapshot(
    _Out_writes_(MaxRecords) PLWFSTAT_RECORD Records,
    _In_ ULONG MaxRecords
    )
{
    PLIST_ENTRY entry;
    ULONG n = 0;

    NdisAcquireSpinLock(&g_Lwf.ListLock);
    for (entry = g_Lwf.ModuleList.Flink;
         entry != &g_Lwf.ModuleList && n < MaxRecords;
         entry = entry->Flink) {
        PLWF_MODULE m = CONTAINING_RECORD(entry, LWF_MODULE, Link);
        Records[n].IfIndex  = m->IfIndex;
        Records[n].State    = (ULONG)m->State;
        Records[n].RxFrames = m->RxFrames;
        Records[n].RxBytes  = m->RxBytes;
        Records[n].TxFrames = m->TxFrames;
        Records[n].TxBytes  = m->TxBytes;
        n++;
    }
    NdisReleaseSpinLock(&g_Lwf.ListLock);
    return n;
}

_Use_decl_annotations_
NTSTATUS
LwfDispatchPassive(
    PDEVICE_OBJECT  DeviceObject,
    PIRP            Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
LwfDispatchIoctl(
    PDEVICE_OBJECT  DeviceObject,
    PIRP            Irp
    )
{
    PIO_STACK_LOCATION  sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status = STATUS_SUCCESS;
    ULONG_PTR           info = 0;
    ULONG               outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LWFSTAT_QUERY:
        if (outLen < sizeof(LWFSTAT_RECORD)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = LwfSnapshot((PLWFSTAT_RECORD)Irp->AssociatedIrp.SystemBuffer,
                           outLen / sizeof(LWFSTAT_RECORD)) * sizeof(LWFSTAT_RECORD);
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
LwfRegisterDevice(VOID)
{
    NDIS_STATUS                     status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES   devAttrs;
    PDRIVER_DISPATCH                dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    UNICODE_STRING                  devName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    UNICODE_STRING                  linkName = RTL_CONSTANT_STRING(LWF_SYMLINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE]         = LwfDispatchPassive;
    dispatch[IRP_MJ_CLEANUP]        = LwfDispatchPassive;
    dispatch[IRP_MJ_CLOSE]          = LwfDispatchPassive;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfDispatchIoctl;

    NdisZeroMemory(&devAttrs, sizeof(devAttrs));
    devAttrs.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    devAttrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    devAttrs.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    devAttrs.DeviceName      = &devName;
    devAttrs.SymbolicName    = &linkName;
    devAttrs.MajorFunctions  = &dispatch[0];
    devAttrs.ExtensionSize   = 0;
    devAttrs.DefaultSDDLString = NULL;   /* NDIS default: admins + system */
    devAttrs.DeviceClassGuid = NULL;

    status = NdisRegisterDeviceEx(g_Lwf.FilterDriverHandle,
                                  &devAttrs,
                                  &g_Lwf.ControlDevice,
                                  &g_Lwf.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Lwf.ControlDevice = NULL;
        g_Lwf.DeviceHandle = NULL;
        return status;
    }

    LWFLOG("control device %p", g_Lwf.ControlDevice);
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfDeregisterDevice(VOID)
{
    if (g_Lwf.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Lwf.DeviceHandle);
        g_Lwf.DeviceHandle = NULL;
        g_Lwf.ControlDevice = NULL;
    }
}
