/*
 * closeq.c - a minifilter whose pre-cleanup callback completes a reader's
 * pending request from a cancel-safe queue, one per closed handle. The
 * queue, its lock and its list are set up before FltRegisterFilter, so no
 * callback meets them uninitialized.
 */

#include <fltKernel.h>

static struct {
    PFLT_FILTER Filter;
    IO_CSQ Queue;
    KSPIN_LOCK QueueLock;
    LIST_ENTRY Pending;
    volatile LONG Closes;
} gCq;

DRIVER_INITIALIZE DriverEntry;
static FLT_PREOP_CALLBACK_STATUS CqPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                              PVOID *CompletionContext);
static NTSTATUS CqUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static IO_CSQ_INSERT_IRP CqInsert;
static IO_CSQ_REMOVE_IRP CqRemove;
static IO_CSQ_PEEK_NEXT_IRP CqPeek;
static IO_CSQ_ACQUIRE_LOCK CqAcquire;
static IO_CSQ_RELEASE_LOCK CqRelease;
static IO_CSQ_COMPLETE_CANCELED_IRP CqCanceled;

static VOID CqInsert(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    InsertTailList(&gCq.Pending, &Irp->Tail.Overlay.ListEntry);
}

static VOID CqRemove(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

static PIRP CqPeek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    PLIST_ENTRY next = Irp != NULL ? Irp->Tail.Overlay.ListEntry.Flink : gCq.Pending.Flink;

    UNREFERENCED_PARAMETER(Csq);
    UNREFERENCED_PARAMETER(PeekContext);
    return next == &gCq.Pending ? NULL : CONTAINING_RECORD(next, IRP, Tail.Overlay.ListEntry);
}

static VOID CqAcquire(PIO_CSQ Csq, PKIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    KeAcquireSpinLock(&gCq.QueueLock, Irql);
}

static VOID CqRelease(PIO_CSQ Csq, KIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    KeReleaseSpinLock(&gCq.QueueLock, Irql);
}

static VOID CqCanceled(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static FLT_PREOP_CALLBACK_STATUS
CqPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PIRP reader;

    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    InterlockedIncrement(&gCq.Closes);
    reader = IoCsqRemoveNextIrp(&gCq.Queue, NULL);
    if (reader != NULL) {
        reader->IoStatus.Status = STATUS_SUCCESS;
        reader->IoStatus.Information = 0;
        IoCompleteRequest(reader, IO_NO_INCREMENT);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static const FLT_OPERATION_REGISTRATION CqCallbacks[] = {
    { IRP_MJ_CLEANUP, 0, CqPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION CqRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    CqCallbacks,
    CqUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS
CqUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(gCq.Filter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry( // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&gCq.QueueLock);
    InitializeListHead(&gCq.Pending);
    IoCsqInitialize(&gCq.Queue, CqInsert, CqRemove, CqPeek, CqAcquire, CqRelease, CqCanceled);

    status = FltRegisterFilter(DriverObject, &CqRegistration, &gCq.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(gCq.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(gCq.Filter);
        return status;
    }
    return STATUS_SUCCESS;
}
