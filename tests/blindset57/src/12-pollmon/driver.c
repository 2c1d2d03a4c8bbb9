/*
 * driver.c - pollmon DriverEntry / Unload / dispatch
 */
#include "pollmon.h"

PM_GLOBALS g_Pm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PmUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   PmCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   PmDeviceControl;

_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH   PmShutdown;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PmUnload)
#pragma alloc_text(PAGE, PmShutdown)
#endif

static NTSTATUS
PmComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
PmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PmComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
PmDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG max, got;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PM_DRAIN) {
        return PmComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(PM_SAMPLE_OUT);
    if (max == 0) {
        return PmComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    got = PmDrain((PPM_SAMPLE_OUT)Irp->AssociatedIrp.SystemBuffer, max);
    return PmComplete(Irp, STATUS_SUCCESS, got * sizeof(PM_SAMPLE_OUT));
}

NTSTATUS
PmShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    PMTRACE(("pollmon: shutdown, %lu samples taken\n", g_Pm.Sequence));
    PmStopSampling();
    return PmComplete(Irp, STATUS_SUCCESS, 0);
}

VOID
PmUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Pm.ShutdownRegistered) {
        IoUnregisterShutdownNotification(g_Pm.Device);
        g_Pm.ShutdownRegistered = FALSE;
    }

    /* timer, DPC and work item are all quiet after this */
    PmStopSampling();
    IoFreeWorkItem(g_Pm.WorkItem);
    g_Pm.WorkItem = NULL;

    PmFreeAllSamples();
    ExDeleteNPagedLookasideList(&g_Pm.SamplePool);

    RtlInitUnicodeString(&link, PM_LINK_NAME);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Pm.Device);
    g_Pm.Device = NULL;

    PMTRACE(("pollmon: unloaded\n"));
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName, linkName;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    PMTRACE(("pollmon: DriverEntry\n"));

    RtlZeroMemory(&g_Pm, sizeof(g_Pm));
    KeInitializeSpinLock(&g_Pm.Lock);
    InitializeListHead(&g_Pm.Samples);
    KeInitializeEvent(&g_Pm.WorkIdle, NotificationEvent, TRUE);
    KeInitializeTimerEx(&g_Pm.Timer, SynchronizationTimer);
    KeInitializeDpc(&g_Pm.Dpc, PmTimerDpc, NULL);
    ExInitializeNPagedLookasideList(&g_Pm.SamplePool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(PM_SAMPLE), PM_TAG, 0);

    RtlInitUnicodeString(&devName, PM_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, PM_LINK_NAME);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pm.Device);
    if (!NT_SUCCESS(status)) {
        PMTRACE(("pollmon: IoCreateDevice 0x%08X\n", status));
        goto fail_lookaside;
    }
    g_Pm.Device->Flags |= DO_BUFFERED_IO;

    g_Pm.WorkItem = IoAllocateWorkItem(g_Pm.Device);
    if (g_Pm.WorkItem == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_device;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        PMTRACE(("pollmon: IoCreateSymbolicLink 0x%08X\n", status));
        goto fail_workitem;
    }
    g_Pm.LinkCreated = TRUE;

    status = IoRegisterShutdownNotification(g_Pm.Device);
    if (!NT_SUCCESS(status)) {
        PMTRACE(("pollmon: IoRegisterShutdownNotification 0x%08X\n", status));
        goto fail_link;
    }
    g_Pm.ShutdownRegistered = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = PmShutdown;
    DriverObject->DriverUnload                         = PmUnload;

    /* everything the DPC and the work item touch exists now */
    due.QuadPart = -10000LL * PM_PERIOD_MS;
    KeSetTimerEx(&g_Pm.Timer, due, PM_PERIOD_MS, &g_Pm.Dpc);

    g_Pm.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(&linkName);
    g_Pm.LinkCreated = FALSE;
fail_workitem:
    IoFreeWorkItem(g_Pm.WorkItem);
    g_Pm.WorkItem = NULL;
fail_device:
    IoDeleteDevice(g_Pm.Device);
    g_Pm.Device = NULL;
fail_lookaside:
    ExDeleteNPagedLookasideList(&g_Pm.SamplePool);
    return status;
}
