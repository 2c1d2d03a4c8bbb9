#include "lwf.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
static DRIVER_DISPATCH LwfDispatchOpenClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH LwfDispatchIoctl;

static NTSTATUS
LwfDispatchOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
LwfDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PLWF_STATS_ENTRY out = (PLWF_STATS_ENTRY)Irp->AssociatedIrp.SystemBuffer;
    ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(LWF_STATS_ENTRY);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG n = 0;
    PLIST_ENTRY e;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_LWF_QUERY) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else {
        NdisAcquireSpinLock(&g_Lwf.Lock);
        for (e = g_Lwf.Modules.Flink; e != &g_Lwf.Modules && n < max; e = e->Flink) {
            PLWF_MODULE m = CONTAINING_RECORD(e, LWF_MODULE, Link);
            out[n].IfIndex = m->IfIndex;
            out[n].Sent = m->SentNbls;
            out[n].Received = m->RecvNbls;
            n++;
        }
        NdisReleaseSpinLock(&g_Lwf.Lock);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = n * sizeof(LWF_STATS_ENTRY);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
LwfRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING devName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LWF_LINK_NAME);
    NDIS_STATUS status;

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE] = LwfDispatchOpenClose;
    dispatch[IRP_MJ_CLEANUP] = LwfDispatchOpenClose;
    dispatch[IRP_MJ_CLOSE] = LwfDispatchOpenClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName = &devName;
    attrs.SymbolicName = &linkName;
    attrs.MajorFunctions = dispatch;
    attrs.ExtensionSize = 0;

    status = NdisRegisterDeviceEx(g_Lwf.FilterDriverHandle, &attrs,
                                  &g_Lwf.ControlDevice, &g_Lwf.NdisDeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_DBG("NdisRegisterDeviceEx failed 0x%x", status);
        g_Lwf.NdisDeviceHandle = NULL;
        g_Lwf.ControlDevice = NULL;
        return (NTSTATUS)status;
    }

    return STATUS_SUCCESS;
}

VOID
LwfDeregisterDevice(VOID)
{
    if (g_Lwf.NdisDeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Lwf.NdisDeviceHandle);
        g_Lwf.NdisDeviceHandle = NULL;
        g_Lwf.ControlDevice = NULL;
    }
}
