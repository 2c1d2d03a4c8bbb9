/*
 * device.c - control device so snifctl.exe can read the counters
 */
#include "snif.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH SnifDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH SnifDispatchIoctl;

static VOID SnifSumCounters(_Out_ PSNIF_COUNTERS Total, _In_ BOOLEAN Reset)
{
    PLIST_ENTRY entry;
    PSNIF_MODULE module;

    NdisZeroMemory(Total, sizeof(SNIF_COUNTERS));

    NdisAcquireSpinLock(&g_Snif->Lock);
    for (entry = g_Snif->ModuleList.Flink; entry != &g_Snif->ModuleList; entry = entry->Flink) {
        module = CONTAINING_RECORD(entry, SNIF_MODULE, Link);

        NdisDprAcquireSpinLock(&module->Lock);
        Total->RxFrames += module->Counters.RxFrames;
        Total->TxFrames += module->Counters.TxFrames;
        Total->RxBytes  += module->Counters.RxBytes;
        Total->TxBytes  += module->Counters.TxBytes;
        Total->Ipv4     += module->Counters.Ipv4;
        Total->Ipv6     += module->Counters.Ipv6;
        Total->Arp      += module->Counters.Arp;
        Total->Other    += module->Counters.Other;
        if (Reset) {
            NdisZeroMemory(&module->Counters, sizeof(SNIF_COUNTERS));
        }
        NdisDprReleaseSpinLock(&module->Lock);
    }
    NdisReleaseSpinLock(&g_Snif->Lock);
}

NTSTATUS SnifDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS SnifDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    SNIF_COUNTERS total;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SNIF_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SNIF_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        SnifSumCounters(&total, FALSE);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &total, sizeof(total));
        info = sizeof(SNIF_COUNTERS);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_SNIF_RESET_STATS:
        SnifSumCounters(&total, TRUE);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NDIS_STATUS SnifRegisterDevice(VOID)
{
    NDIS_STATUS status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(SNIF_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(SNIF_SYMLINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE] = SnifDispatchCreateClose;
    dispatch[IRP_MJ_CLEANUP] = SnifDispatchCreateClose;
    dispatch[IRP_MJ_CLOSE] = SnifDispatchCreateClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = SnifDispatchIoctl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName = &deviceName;
    attrs.SymbolicName = &linkName;
    attrs.MajorFunctions = &dispatch[0];
    attrs.ExtensionSize = 0;
    attrs.DefaultSDDLString = NULL;
    attrs.DeviceClassGuid = NULL;

    status = NdisRegisterDeviceEx(g_Snif->FilterDriverHandle,
                                  &attrs,
                                  &g_Snif->DeviceObject,
                                  &g_Snif->DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Snif->DeviceHandle = NULL;
        g_Snif->DeviceObject = NULL;
    }
    return status;
}

VOID SnifDeregisterDevice(VOID)
{
    if (g_Snif->DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(g_Snif->DeviceHandle);
        g_Snif->DeviceHandle = NULL;
        g_Snif->DeviceObject = NULL;
    }
}
