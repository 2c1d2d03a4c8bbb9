/*
 * ProcWatch - driver.c
 *
 * Process start/exit + image loads, handed to a user-mode app through a
 * named event + IOCTL. Written after the hideproc/kbdlog experiments, this
 * time with a proper unwind on every path.
 *
 * Demand-start only: \BaseNamedObjects doesn't exist yet for boot drivers.
 */
#include "procwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PwUnload;
DRIVER_DISPATCH   PwCreateClose;
DRIVER_DISPATCH   PwDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PwUnload)
#pragma alloc_text(PAGE, PwCreateClose)
#pragma alloc_text(PAGE, PwDeviceControl)
#endif

NTSTATUS
PwCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PwDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PW_GET_RECORDS) {
        ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(PW_RECORD);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = PwDrain((PW_RECORD*)Irp->AssociatedIrp.SystemBuffer, max);
            info = (ULONG_PTR)n * sizeof(PW_RECORD);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
PwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PW_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PW_TRACE("dropped %u records over the lifetime", g_Pw.Dropped);

    // 1. no more producers
    PsRemoveLoadImageNotifyRoutine(PwImageNotify);
    PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);

    // 2. worker gone (waits for the thread to exit)
    PwStopWorker();

    // 3. data
    PwFreeRecords();

    // 4. objects
    ZwClose(g_Pw.UserEventHandle);
    g_Pw.UserEventHandle = NULL;
    g_Pw.UserEvent = NULL;

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Pw.DeviceObject);
    g_Pw.DeviceObject = NULL;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status;
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(PW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PW_LINK_NAME);
    UNICODE_STRING evName   = RTL_CONSTANT_STRING(PW_EVENT_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);
    PW_TRACE("loading");

    RtlZeroMemory(&g_Pw, sizeof(g_Pw));
    InitializeListHead(&g_Pw.Records);
    ExInitializeFastMutex(&g_Pw.RecordsLock);
    KeInitializeEvent(&g_Pw.WakeEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&g_Pw.StopEvent, NotificationEvent, FALSE);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pw.DeviceObject);
    if (!NT_SUCCESS(status)) {
        PW_TRACE("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    g_Pw.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        PW_TRACE("IoCreateSymbolicLink failed 0x%08X", status);
        goto fail_device;
    }

    g_Pw.UserEvent = IoCreateNotificationEvent(&evName, &g_Pw.UserEventHandle);
    if (g_Pw.UserEvent == NULL) {
        PW_TRACE("IoCreateNotificationEvent failed");
        status = STATUS_UNSUCCESSFUL;
        goto fail_link;
    }
    KeClearEvent(g_Pw.UserEvent);           // created signaled

    status = PwStartWorker();
    if (!NT_SUCCESS(status)) {
        PW_TRACE("PwStartWorker failed 0x%08X", status);
        goto fail_event;
    }

    // producers last, everything they use exists now
    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PW_TRACE("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        goto fail_worker;
    }

    status = PsSetLoadImageNotifyRoutine(PwImageNotify);
    if (!NT_SUCCESS(status)) {
        PW_TRACE("PsSetLoadImageNotifyRoutine failed 0x%08X", status);
        goto fail_process_notify;
    }

    DriverObject->DriverUnload = PwUnload;
    PW_TRACE("loaded");
    return STATUS_SUCCESS;

fail_process_notify:
    PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
fail_worker:
    PwStopWorker();
    PwFreeRecords();
fail_event:
    ZwClose(g_Pw.UserEventHandle);
    g_Pw.UserEventHandle = NULL;
    g_Pw.UserEvent = NULL;
fail_link:
    IoDeleteSymbolicLink(&linkName);
fail_device:
    IoDeleteDevice(g_Pw.DeviceObject);
    g_Pw.DeviceObject = NULL;
    return status;
}
