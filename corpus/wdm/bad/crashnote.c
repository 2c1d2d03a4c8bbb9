/*
 * crashnote.c (bad) - as wdm/crashnote.c, but the callback record is a
 * local of DriverEntry (its address kept in a global for the unload
 * routine), and the scratch resource is never deleted: the kernel's
 * bug-check and resource lists point into DriverEntry's stack frame once it
 * returns.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwUnload;
KBUGCHECK_CALLBACK_ROUTINE LwBugCheck;
KDEFERRED_ROUTINE LwTick;

static PKBUGCHECK_CALLBACK_RECORD LwRecord;
static KTIMER LwTimer;
static KDPC LwDpc;
static CHAR LwNote[64];
static ULONG LwTicks;

VOID LwBugCheck(PVOID Buffer, ULONG Length)
{
    if (Buffer != NULL && Length >= sizeof(LwNote))
        RtlCopyMemory(Buffer, LwNote, sizeof(LwNote));
}

VOID LwTick(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    LwTicks++;
}

VOID LwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeCancelTimer(&LwTimer);
    KeFlushQueuedDpcs();
    KeDeregisterBugCheckCallback(LwRecord);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    ERESOURCE settingsLock;
    KBUGCHECK_CALLBACK_RECORD record;
    LARGE_INTEGER due;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = ExInitializeResourceLite(&settingsLock);   // expect: DE015, DE011
    if (!NT_SUCCESS(status))
        return status;
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&settingsLock, TRUE);
    RtlCopyMemory(LwNote, "lastword: loaded", sizeof("lastword: loaded"));
    ExReleaseResourceLite(&settingsLock);
    KeLeaveCriticalRegion();

    KeInitializeCallbackRecord(&record);
    if (!KeRegisterBugCheckCallback(&record, LwBugCheck, LwNote, sizeof(LwNote), (PUCHAR)"lastword"))   // expect: DE015
        return STATUS_UNSUCCESSFUL;                     // expect: DE006
    LwRecord = &record;

    KeInitializeTimer(&LwTimer);
    KeInitializeDpc(&LwDpc, LwTick, NULL);
    due.QuadPart = -10 * 1000 * 1000;
    KeSetTimerEx(&LwTimer, due, 1000, &LwDpc);

    DriverObject->DriverUnload = LwUnload;
    return STATUS_SUCCESS;
}
