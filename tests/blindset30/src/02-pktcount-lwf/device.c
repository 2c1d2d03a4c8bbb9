/*
 * device.c - control device so the pcount.exe tool can read the counters
 */
#include "pcount.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH PcDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PcDispatchIoctl;

static NTSTATUS
PcCompleteIrp(
    _In_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS
PcDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PcCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS
PcDispatchIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PPC_COUNTERS out;
    ULONG outLen;
    ULONG maxEntries;
    ULONG n = 0;
    PLIST_ENTRY e;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PCOUNT_QUERY) {
        return PcCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    out    = (PPC_COUNTERS)Irp->AssociatedIrp.SystemBuffer;
    outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    maxEntries = outLen / sizeof(PC_COUNTERS);

    if (maxEntries == 0) {
        return PcCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    NdisAcquireSpinLock(&g_Pc.ModuleLock);
    for (e = g_Pc.ModuleList.Flink; e != &g_Pc.ModuleList && n < maxEntries; e = e->Flink) {
        PPC_MODULE m = CONTAINING_RECORD(e, PC_MODULE, Link);

        out[n].IfIndex   = m->IfIndex;
        out[n].Reserved  = 0;
        out[n].RxPackets = (ULONG64)m->RxPackets;
        out[n].RxBytes   = (ULONG64)m->RxBytes;
        out[n].TxPackets = (ULONG64)m->TxPackets;
        out[n].TxBytes   = (ULONG64)m->TxBytes;
        n++;
    }
    NdisReleaseSpinLock(&g_Pc.ModuleLock);

    return PcCompleteIrp(Irp, STATUS_SUCCESS, (ULONG_PTR)n * sizeof(PC_COUNTERS));
}

_Use_decl_annotations_
NDIS_STATUS
PcRegisterDevice(VOID)
{
    NDIS_STATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE]         = PcDispatchCreateClose;
    dispatch[IRP_MJ_CLEANUP]        = PcDispatchCreateClose;
    dispatch[IRP_MJ_CLOSE]          = PcDispatchCreateClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = PcDispatchIoctl;

    NdisInitUnicodeString(&devName, PC_NT_DEVICE_NAME);
    NdisInitUnicodeString(&linkName, PC_DOS_DEVICE_NAME);

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName      = &devName;
    attrs.SymbolicName    = &linkName;
    attrs.MajorFunctions  = &dispatch[0];
    attrs.ExtensionSize   = 0;

    status = NdisRegisterDeviceEx(g_Pc.FilterDriverHandle,
                                  &attrs,
                                  &g_Pc.DeviceObject,
                                  &g_Pc.DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Pc.DeviceObject = NULL;
        g_Pc.DeviceHandle = NULL;
    }

    return status;
}

_Use_decl_annotations_
VOID
PcDeregisterDevice(VOID)
{
    if (g_Pc.DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Pc.DeviceHandle);
        g_Pc.DeviceHandle = NULL;
        g_Pc.DeviceObject = NULL;
    }
}
