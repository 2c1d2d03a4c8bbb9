/*
 * evpool.c - a process and image monitor. Its notify routines allocate
 * event records from a lookaside list and queue them under a spin lock;
 * the unload routine removes both routines first, then drains the queue
 * and deletes the lookaside list they allocated from.
 * Conforming: no DE022.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD EpUnload;

#define EP_TAG 'lPvE'

typedef struct _EP_EVENT {
    LIST_ENTRY Link;
    HANDLE ProcessId;
    BOOLEAN Image;
} EP_EVENT, *PEP_EVENT;

typedef struct _EP_GLOBALS {
    NPAGED_LOOKASIDE_LIST Pool;
    LIST_ENTRY Events;
    KSPIN_LOCK Lock;
    ULONG Count;
} EP_GLOBALS;

static EP_GLOBALS g_Ep;

static VOID EpQueue(HANDLE ProcessId, BOOLEAN Image)
{
    KIRQL irql;
    PEP_EVENT ev = ExAllocateFromNPagedLookasideList(&g_Ep.Pool);
    if (ev == NULL)
        return;
    ev->ProcessId = ProcessId;
    ev->Image = Image;
    KeAcquireSpinLock(&g_Ep.Lock, &irql);
    InsertTailList(&g_Ep.Events, &ev->Link);
    g_Ep.Count++;
    KeReleaseSpinLock(&g_Ep.Lock, irql);
}

static VOID EpProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo != NULL)
        EpQueue(ProcessId, FALSE);
}

static VOID EpImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ImageInfo);
    EpQueue(ProcessId, TRUE);
}

static VOID EpDrain(VOID)
{
    while (!IsListEmpty(&g_Ep.Events)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Ep.Events);
        ExFreeToNPagedLookasideList(&g_Ep.Pool, CONTAINING_RECORD(entry, EP_EVENT, Link));
    }
}

static VOID EpRemoveRoutines(VOID)
{
    PsRemoveLoadImageNotifyRoutine(EpImageNotify);
    PsSetCreateProcessNotifyRoutineEx(EpProcessNotify, TRUE);
}

VOID EpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    EpRemoveRoutines();
    EpDrain();
    ExDeleteNPagedLookasideList(&g_Ep.Pool);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_Ep.Events);
    KeInitializeSpinLock(&g_Ep.Lock);
    ExInitializeNPagedLookasideList(&g_Ep.Pool, NULL, NULL, POOL_NX_ALLOCATION, sizeof(EP_EVENT), EP_TAG, 0);

    status = PsSetCreateProcessNotifyRoutineEx(EpProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&g_Ep.Pool);
        return status;
    }
    status = PsSetLoadImageNotifyRoutine(EpImageNotify);
    if (!NT_SUCCESS(status)) {
        PsSetCreateProcessNotifyRoutineEx(EpProcessNotify, TRUE);
        ExDeleteNPagedLookasideList(&g_Ep.Pool);
        return status;
    }
    DriverObject->DriverUnload = EpUnload;
    return STATUS_SUCCESS;
}
