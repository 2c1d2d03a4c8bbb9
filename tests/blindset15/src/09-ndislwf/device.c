#include "lwf.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LwfDispatchSimple;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH LwfDispatchIoctl;

NTSTATUS LwfDispatchSimple(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static ULONG LwfSnapshot(_Out_writes_(Max) PLWF_MODULE_STATS Out, _In_ ULONG Max)
{
    PLIST_ENTRY le;
    ULONG n = 0;

    NdisAcquireSpinLock(&g_Lwf.ListLock);
    for (le = g_Lwf.Modules.Flink; le != &g_Lwf.Modules && n < Max; le = le->Flink) {
        PLWF_MODULE m = CONTAINING_RECORD(le, LWF_MODULE, Link);
        Out[n].IfIndex = m->IfIndex;
        Out[n].State = (ULONG)m->State;
        Out[n].TxPackets = m->TxPackets;
        Out[n].RxPackets = m->RxPackets;
        Out[n].TxBytes = m->TxBytes;
        Out[n].RxBytes = m->RxBytes;
        n++;
    }
    NdisReleaseSpinLock(&g_Lwf.ListLock);
    return n;
}

NTSTATUS LwfDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PKTCOUNT_QUERY) {
        ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(LWF_MODULE_STATS);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = LwfSnapshot((PLWF_MODULE_STATS)Irp->AssociatedIrp.SystemBuffer, max);
            info = n * sizeof(LWF_MODULE_STATS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS LwfRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING devName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LWF_LINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE] = LwfDispatchSimple;
    dispatch[IRP_MJ_CLEANUP] = LwfDispatchSimple;
    dispatch[IRP_MJ_CLOSE] = LwfDispatchSimple;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);
    attrs.DeviceName = &devName;
    attrs.SymbolicName = &linkName;
    attrs.MajorFunctions = &dispatch[0];
    attrs.ExtensionSize = 0;

    return NdisRegisterDeviceEx(g_Lwf.DriverHandle, &attrs,
                                &g_Lwf.DeviceObject, &g_Lwf.DeviceHandle);
}

VOID LwfDeregisterDevice(VOID)
{
    if (g_Lwf.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Lwf.DeviceHandle);
        g_Lwf.DeviceHandle = NULL;
        g_Lwf.DeviceObject = NULL;
    }
}
