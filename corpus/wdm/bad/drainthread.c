/*
 * drainthread.c - a legacy WDM driver of a serial-port sniffer whose capture
 * records are drained by one system thread. The thread owns the teardown of
 * what it uses: when the unload routine sets the stop flag and wakes it, it
 * empties its list, deletes the lookaside list and the resource, and exits;
 * the unload routine waits for the thread object before it returns.
 *
 * Violating: the thread deletes the lookaside list on its way out but not
 * the resource, so neither the unload routine's wait (DE011) nor
 * DriverEntry's wait on the failure path (DE006) releases it.
 */

#include <ntddk.h>

#define SNIFF_TAG 'fnsS'

typedef struct _SNIFF_RECORD {
    LIST_ENTRY Link;
    ULONG      Length;
    UCHAR      Data[64];
} SNIFF_RECORD, *PSNIFF_RECORD;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SniffUnload;
KSTART_ROUTINE SniffDrain;

static NPAGED_LOOKASIDE_LIST SniffRecords;
static ERESOURCE SniffStatsLock;
static LIST_ENTRY SniffQueue;
static KSPIN_LOCK SniffQueueLock;
static KEVENT SniffWake;
static volatile LONG SniffStop;
static PKTHREAD SniffThread;
static ULONG SniffDrained;

static VOID
SniffEmpty(VOID)
{
    PLIST_ENTRY entry;

    while ((entry = ExInterlockedRemoveHeadList(&SniffQueue, &SniffQueueLock)) != NULL) {
        ExFreeToNPagedLookasideList(&SniffRecords, CONTAINING_RECORD(entry, SNIFF_RECORD, Link));
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&SniffStatsLock, TRUE);
        SniffDrained++;
        ExReleaseResourceLite(&SniffStatsLock);
        KeLeaveCriticalRegion();
    }
}

_Use_decl_annotations_
VOID
SniffDrain(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    for (;;) {
        KeWaitForSingleObject(&SniffWake, Executive, KernelMode, FALSE, NULL);
        SniffEmpty();
        if (InterlockedCompareExchange(&SniffStop, 0, 0) != 0) {
            break;
        }
    }

    /* last one out: nothing else touches these now */
    SniffEmpty();
    ExDeleteNPagedLookasideList(&SniffRecords);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_
VOID
SniffUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    InterlockedExchange(&SniffStop, 1);
    KeSetEvent(&SniffWake, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(SniffThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(SniffThread);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&SniffQueue);
    KeInitializeSpinLock(&SniffQueueLock);
    KeInitializeEvent(&SniffWake, SynchronizationEvent, FALSE);
    ExInitializeNPagedLookasideList(&SniffRecords, NULL, NULL, POOL_NX_ALLOCATION, sizeof(SNIFF_RECORD),
                                    SNIFF_TAG, 0);
    status = ExInitializeResourceLite(&SniffStatsLock);  // expect: DE011
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&SniffRecords);
        return status;
    }

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, SniffDrain, NULL);
    if (!NT_SUCCESS(status)) {
        ExDeleteResourceLite(&SniffStatsLock);
        ExDeleteNPagedLookasideList(&SniffRecords);
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode, (PVOID *)&SniffThread,
                                       NULL);
    if (!NT_SUCCESS(status)) {
        /* the thread frees everything on its way out */
        InterlockedExchange(&SniffStop, 1);
        KeSetEvent(&SniffWake, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        return status;
    }
    ZwClose(thread);

    DriverObject->DriverUnload = SniffUnload;
    return STATUS_SUCCESS;
}
