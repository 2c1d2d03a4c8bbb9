/*
 * device.c - control device registered through NDIS (NdisRegisterDeviceEx).
 */
#include "filter.h"

static DRIVER_DISPATCH LwfDispatchCreateClose;
static DRIVER_DISPATCH LwfDispatchIoctl;

static NTSTATUS
LwfDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
LwfDispatchIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR          info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWF_QUERY_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LWF_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            LWF_STATS   stats = { 0 };
            PLIST_ENTRY e;

            NdisAcquireSpinLock(&g_Lwf.ListLock);
            for (e = g_Lwf.ModuleList.Flink; e != &g_Lwf.ModuleList; e = e->Flink) {
                PLWF_MODULE m = CONTAINING_RECORD(e, LWF_MODULE, Link);
                stats.Modules++;
                stats.RxNbls += m->RxNbls;
                stats.RxIndications += m->RxIndications;
            }
            NdisReleaseSpinLock(&g_Lwf.ListLock);

            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &stats, sizeof(stats));
            info = sizeof(stats);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS
LwfRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH              dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING                   devName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    NDIS_STRING                   linkName = RTL_CONSTANT_STRING(LWF_LINK_NAME);
    NDIS_STATUS                   status;

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE]         = LwfDispatchCreateClose;
    dispatch[IRP_MJ_CLOSE]          = LwfDispatchCreateClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type       = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision   = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size       = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);
    attrs.DeviceName        = &devName;
    attrs.SymbolicName      = &linkName;
    attrs.MajorFunctions    = &dispatch[0];
    attrs.ExtensionSize     = 0;
    attrs.DefaultSDDLString = &SDDL_DEVOBJ_SYS_ALL_ADM_ALL;
    attrs.DeviceClassGuid   = NULL;

    status = NdisRegisterDeviceEx(g_Lwf.DriverHandle, &attrs, &g_Lwf.DeviceObject, &g_Lwf.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_LOG("NdisRegisterDeviceEx 0x%08X", status);
        g_Lwf.DeviceHandle = NULL;
        g_Lwf.DeviceObject = NULL;
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
