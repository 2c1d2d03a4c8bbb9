/*
 * pollsvc.c - WDM driver that polls a sensor board: a periodic kernel timer
 * whose DPC queues samples, lookaside lists for sample records (a classic
 * nonpaged one and an Ex one), and a worker thread that drains them. The
 * worker stops when PsStopEvent is signalled.
 *
 * The unload routine cancels the timer, flushes queued DPCs, signals the
 * worker and waits on its thread object, then deletes both lists.
 *
 * Conforming: DE006 and DE011.
 */

#include <ntddk.h>

#define PS_TAG 'vSoP'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PsUnload;
KDEFERRED_ROUTINE PsTimerDpc;
KSTART_ROUTINE PsWorker;

typedef struct _PS_SAMPLE {
    LIST_ENTRY Link;
    ULONG Value;
} PS_SAMPLE, *PPS_SAMPLE;

static KTIMER PsTimer;
static KDPC PsDpc;
static KEVENT PsStopEvent;
static PKTHREAD PsThread;
static NPAGED_LOOKASIDE_LIST PsSamples;
static LOOKASIDE_LIST_EX PsBatches;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PsUnload)
#pragma alloc_text(PAGE, PsWorker)
#endif

_Use_decl_annotations_
VOID
PsTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
}

_Use_decl_annotations_
VOID
PsWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    PAGED_CODE();
    KeWaitForSingleObject(&PsStopEvent, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_
VOID
PsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KeCancelTimer(&PsTimer);
    KeFlushQueuedDpcs();

    KeSetEvent(&PsStopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(PsThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(PsThread);

    ExDeleteLookasideListEx(&PsBatches);
    ExDeleteNPagedLookasideList(&PsSamples);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    LARGE_INTEGER due;
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&PsSamples, NULL, NULL, POOL_NX_ALLOCATION, sizeof(PS_SAMPLE), PS_TAG, 0);
    status = ExInitializeLookasideListEx(&PsBatches, NULL, NULL, NonPagedPoolNx, 0, 4 * sizeof(PS_SAMPLE),
                                         PS_TAG, 0);
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&PsSamples);
        return status;
    }

    KeInitializeEvent(&PsStopEvent, NotificationEvent, FALSE);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, PsWorker, NULL);
    if (!NT_SUCCESS(status)) {
        ExDeleteLookasideListEx(&PsBatches);
        ExDeleteNPagedLookasideList(&PsSamples);
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode, (PVOID *)&PsThread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&PsStopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        ExDeleteLookasideListEx(&PsBatches);
        ExDeleteNPagedLookasideList(&PsSamples);
        return status;
    }
    ZwClose(thread);

    KeInitializeDpc(&PsDpc, PsTimerDpc, NULL);
    KeInitializeTimerEx(&PsTimer, NotificationTimer);
    due.QuadPart = -10 * 1000 * 100;
    KeSetTimerEx(&PsTimer, due, 100, &PsDpc);

    DriverObject->DriverUnload = PsUnload;
    return STATUS_SUCCESS;
}
