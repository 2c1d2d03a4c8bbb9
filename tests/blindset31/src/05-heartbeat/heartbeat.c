//
// heartbeat.c - DriverEntry / Unload / IOCTL
//
#include "heartbeat.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH HbCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH HbIoctl;

NTSTATUS
HbCreateClose(
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

NTSTATUS
HbIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PHB_EXTENSION ext = (PHB_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HB_GET_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HB_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &ext->Stats, sizeof(HB_STATS));
            info = sizeof(HB_STATS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
HbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    PHB_EXTENSION ext = (PHB_EXTENSION)device->DeviceExtension;
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(HB_DOS_DEVICE_NAME);

    DBG_INFO("unloading after %ld beats, %ld stalls", ext->Stats.Beats, ext->Stats.Stalls);

    // stop the periodic timer and let any DPC that is already queued finish
    KeCancelTimer(&ext->BeatTimer);
    KeFlushQueuedDpcs();

    // the beat DPC may have queued the statistics work item
    KeWaitForSingleObject(&ext->StatsIdle, Executive, KernelMode, FALSE, NULL);
    IoFreeWorkItem(ext->StatsWorkItem);

    ExFreePoolWithTag(ext->History, HB_TAG);

    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(device);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(HB_NT_DEVICE_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(HB_DOS_DEVICE_NAME);
    PDEVICE_OBJECT device = NULL;
    PHB_EXTENSION ext;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(HB_EXTENSION), &ntName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &device);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("IoCreateDevice: 0x%08X", status);
        return status;
    }

    ext = (PHB_EXTENSION)device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = device;
    ext->IntervalMs = HB_DEFAULT_MS;

    KeInitializeTimerEx(&ext->BeatTimer, SynchronizationTimer);
    KeInitializeDpc(&ext->BeatDpc, HbBeatDpc, ext);
    KeInitializeTimer(&ext->WatchdogTimer);
    KeInitializeDpc(&ext->WatchdogDpc, HbWatchdogDpc, ext);
    KeInitializeSpinLock(&ext->HistoryLock);
    KeInitializeEvent(&ext->StatsIdle, NotificationEvent, TRUE);

    ext->StatsWorkItem = IoAllocateWorkItem(device);
    if (ext->StatsWorkItem == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto cleanup;
    }

    ext->History = (PHB_SAMPLE)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                               sizeof(HB_SAMPLE) * HB_HISTORY_LEN,
                                               HB_TAG);

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("IoCreateSymbolicLink: 0x%08X", status);
        goto cleanup;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbIoctl;
    DriverObject->DriverUnload = HbUnload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    due.QuadPart = MS_TO_RELATIVE(ext->IntervalMs);
    KeSetTimerEx(&ext->BeatTimer, due, (LONG)ext->IntervalMs, &ext->BeatDpc);

    DBG_INFO("beating every %lu ms", ext->IntervalMs);
    return STATUS_SUCCESS;

cleanup:
    if (ext->History != NULL) {
        ExFreePoolWithTag(ext->History, HB_TAG);
    }
    if (ext->StatsWorkItem != NULL) {
        IoFreeWorkItem(ext->StatsWorkItem);
    }
    IoDeleteDevice(device);
    return status;
}
