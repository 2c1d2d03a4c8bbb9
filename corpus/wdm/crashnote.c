/*
 * crashnote.c - "lastword", a driver that leaves a short note in crash
 * dumps: a bug-check callback copies the note into the dump. The callback
 * record and a timer that refreshes the note live in globals, since the
 * kernel keeps both on its lists until the unload routine undoes them; a
 * scratch resource used only while DriverEntry reads its settings is a
 * local, deleted before DriverEntry returns; the state a local pointer leads
 * to (pool) holds a resource that lives on.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwUnload;
KBUGCHECK_CALLBACK_ROUTINE LwBugCheck;
KDEFERRED_ROUTINE LwTick;

static KBUGCHECK_CALLBACK_RECORD LwRecord;
static KTIMER LwTimer;
static KDPC LwDpc;
static CHAR LwNote[64];
static ULONG LwTicks;

typedef struct _LW_STATE {
    ERESOURCE Lock;
    ULONG Saved;
} LW_STATE, *PLW_STATE;

static PLW_STATE LwState;

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
    KeDeregisterBugCheckCallback(&LwRecord);
    ExDeleteResourceLite(&LwState->Lock);
    ExFreePoolWithTag(LwState, 'sWL');
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    ERESOURCE settingsLock;
    LARGE_INTEGER due;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = ExInitializeResourceLite(&settingsLock);
    if (!NT_SUCCESS(status))
        return status;
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&settingsLock, TRUE);
    RtlCopyMemory(LwNote, "lastword: loaded", sizeof("lastword: loaded"));
    ExReleaseResourceLite(&settingsLock);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&settingsLock);

    KeInitializeCallbackRecord(&LwRecord);
    if (!KeRegisterBugCheckCallback(&LwRecord, LwBugCheck, LwNote, sizeof(LwNote), (PUCHAR)"lastword"))
        return STATUS_UNSUCCESSFUL;

    KeInitializeTimer(&LwTimer);
    KeInitializeDpc(&LwDpc, LwTick, NULL);
    due.QuadPart = -10 * 1000 * 1000;
    KeSetTimerEx(&LwTimer, due, 1000, &LwDpc);

    /* Through a local pointer: the resource lives in pool, not in the frame. */
    {
        PLW_STATE state = (PLW_STATE)ExAllocatePoolZero(NonPagedPoolNx, sizeof(LW_STATE), 'sWL');
        if (state == NULL) {
            KeCancelTimer(&LwTimer);
            KeFlushQueuedDpcs();
            KeDeregisterBugCheckCallback(&LwRecord);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        ExInitializeResourceLite(&state->Lock);
        LwState = state;
    }

    DriverObject->DriverUnload = LwUnload;
    return STATUS_SUCCESS;
}
