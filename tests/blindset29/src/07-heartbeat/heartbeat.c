#include "heartbeat.h"

HB_CONTEXT g_Hb;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH HbCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH HbDeviceControl;

NTSTATUS
HbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
HbDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HB_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HB_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            KeAcquireSpinLock(&g_Hb.StatsLock, &irql);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Hb.Stats, sizeof(HB_STATS));
            KeReleaseSpinLock(&g_Hb.StatsLock, irql);
            info = sizeof(HB_STATS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
HbStartTimer(VOID)
{
    LARGE_INTEGER due;

    KeInitializeDpc(&g_Hb.Dpc, HbTimerDpc, &g_Hb);
    KeInitializeTimerEx(&g_Hb.Timer, NotificationTimer);

    due.QuadPart = -10LL * 1000 * HB_PERIOD_MS;
    KeSetTimerEx(&g_Hb.Timer, due, HB_PERIOD_MS, &g_Hb.Dpc);
}

VOID
HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(HB_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    KeCancelTimer(&g_Hb.Timer);

    // let a batch that is already queued finish before we free things
    KeWaitForSingleObject(&g_Hb.WorkIdle, Executive, KernelMode, FALSE, NULL);

    IoFreeWorkItem(g_Hb.WorkItem);
    ExFreePoolWithTag(g_Hb.Samples, HB_TAG);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Hb.DeviceObject);

    HB_LOG("unloaded after %ld ticks", g_Hb.TickCount);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(HB_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(HB_LINK_NAME);
    BOOLEAN linkCreated = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));
    KeInitializeSpinLock(&g_Hb.StatsLock);
    KeInitializeEvent(&g_Hb.WorkIdle, NotificationEvent, TRUE);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Hb.DeviceObject);
    if (!NT_SUCCESS(status)) {
        HB_LOG("IoCreateDevice failed 0x%08X", status);
        goto Cleanup;
    }
    g_Hb.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        HB_LOG("IoCreateSymbolicLink failed 0x%08X", status);
        goto Cleanup;
    }
    linkCreated = TRUE;

    g_Hb.Samples = (ULONGLONG*)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                               HB_RING_SIZE * sizeof(ULONGLONG), HB_TAG);
    if (g_Hb.Samples == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Cleanup;
    }

    g_Hb.WorkItem = IoAllocateWorkItem(g_Hb.DeviceObject);
    HB_CHECK_ALLOC(g_Hb.WorkItem);

    DriverObject->DriverUnload = HbUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbDeviceControl;

    HbStartTimer();
    HB_LOG("timer armed, period %d ms", HB_PERIOD_MS);
    return STATUS_SUCCESS;

Cleanup:
    if (g_Hb.Samples != NULL) {
        ExFreePoolWithTag(g_Hb.Samples, HB_TAG);
        g_Hb.Samples = NULL;
    }
    if (linkCreated) {
        IoDeleteSymbolicLink(&link);
    }
    if (g_Hb.DeviceObject != NULL) {
        IoDeleteDevice(g_Hb.DeviceObject);
        g_Hb.DeviceObject = NULL;
    }
    return status;
}
