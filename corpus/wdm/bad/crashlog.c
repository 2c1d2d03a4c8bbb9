/*
 * crashlog.c - legacy WDM driver of a crash-telemetry agent: a control
 * device registered for WMI and for shutdown notification, a bug-check
 * callback that copies a ring of recent events into the dump, a bug-check
 * reason callback that adds a secondary dump block, and a watchdog timer.
 *
 * DriverEntry unwinds what it did when a step fails.
 *
 * BUG (DE011 x3): the unload routine stops the watchdog and deletes the
 * device, and nothing else. Deleting the device ends its shutdown
 * notification (the I/O manager unregisters a device it deletes), but WMI
 * keeps its registration, and the next bug check calls both dump callbacks
 * in the unloaded image.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ClUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH ClDispatch;
KBUGCHECK_CALLBACK_ROUTINE ClBugCheck;
KBUGCHECK_REASON_CALLBACK_ROUTINE ClBugCheckReason;
KDEFERRED_ROUTINE ClWatchdog;

static PDEVICE_OBJECT ClDevice;
static KBUGCHECK_CALLBACK_RECORD ClRecord;
static KBUGCHECK_REASON_CALLBACK_RECORD ClReasonRecord;
static BOOLEAN ClRecordSet, ClReasonSet;  /* tested by the dump tools */
static KTIMER ClTimer;
static KDPC ClDpc;
static UCHAR ClRing[4096];

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ClUnload)
#endif

_Use_decl_annotations_
VOID
ClBugCheck(PVOID Buffer, ULONG Length)
{
    RtlCopyMemory(Buffer, ClRing, min(Length, sizeof(ClRing)));
}

_Use_decl_annotations_
VOID
ClBugCheckReason(KBUGCHECK_CALLBACK_REASON Reason, PKBUGCHECK_REASON_CALLBACK_RECORD Record,
                 PVOID ReasonSpecificData, ULONG ReasonSpecificDataLength)
{
    UNREFERENCED_PARAMETER(Reason);
    UNREFERENCED_PARAMETER(Record);
    UNREFERENCED_PARAMETER(ReasonSpecificData);
    UNREFERENCED_PARAMETER(ReasonSpecificDataLength);
}

_Use_decl_annotations_
VOID
ClWatchdog(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
}

_Use_decl_annotations_
NTSTATUS
ClDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ClUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KeCancelTimer(&ClTimer);
    KeFlushQueuedDpcs();
    IoDeleteDevice(ClDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\CrashLog");
    LARGE_INTEGER due;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &ClDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoRegisterShutdownNotification(ClDevice);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(ClDevice);
        return status;
    }
    status = IoWMIRegistrationControl(ClDevice, WMIREG_ACTION_REGISTER); // expect: DE011
    if (!NT_SUCCESS(status)) {
        IoUnregisterShutdownNotification(ClDevice);
        IoDeleteDevice(ClDevice);
        return status;
    }

    /* Both dump callbacks are optional: the agent runs without them. */
    KeInitializeCallbackRecord(&ClRecord);
    ClRecordSet = KeRegisterBugCheckCallback(&ClRecord, ClBugCheck, ClRing, sizeof(ClRing), // expect: DE011
                                             (PUCHAR)"CrashLog");
    KeInitializeCallbackRecord(&ClReasonRecord);
    ClReasonSet = KeRegisterBugCheckReasonCallback(&ClReasonRecord, ClBugCheckReason, // expect: DE011
                                                   KbCallbackSecondaryDumpData, (PUCHAR)"CrashLog");

    KeInitializeDpc(&ClDpc, ClWatchdog, NULL);
    KeInitializeTimer(&ClTimer);
    due.QuadPart = -10 * 1000 * 1000;
    KeSetTimer(&ClTimer, due, &ClDpc);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ClDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ClDispatch;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = ClDispatch;
    DriverObject->DriverUnload = ClUnload;
    return STATUS_SUCCESS;
}
