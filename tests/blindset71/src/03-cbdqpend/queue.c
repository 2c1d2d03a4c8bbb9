#include "cbdqpend.h"

/* ---- cbdq callbacks ------------------------------------------------- */

static NTSTATUS
CqInsert(_Inout_ PFLT_CALLBACK_DATA_QUEUE Cbdq,
         _In_ PFLT_CALLBACK_DATA Cbd,
         _In_opt_ PVOID InsertContext)
{
    PCQ_INSTANCE_CONTEXT ctx = CONTAINING_RECORD(Cbdq, CQ_INSTANCE_CONTEXT, Cbdq);
    UNREFERENCED_PARAMETER(InsertContext);

    InsertTailList(&ctx->QueueHead, &Cbd->QueueLinks);
    InterlockedIncrement(&ctx->Pended);
    return STATUS_SUCCESS;
}

static VOID
CqRemove(_Inout_ PFLT_CALLBACK_DATA_QUEUE Cbdq,
         _In_ PFLT_CALLBACK_DATA Cbd)
{
    PCQ_INSTANCE_CONTEXT ctx = CONTAINING_RECORD(Cbdq, CQ_INSTANCE_CONTEXT, Cbdq);

    RemoveEntryList(&Cbd->QueueLinks);
    InterlockedDecrement(&ctx->Pended);
}

static PFLT_CALLBACK_DATA
CqPeekNext(_In_ PFLT_CALLBACK_DATA_QUEUE Cbdq,
           _In_opt_ PFLT_CALLBACK_DATA Cbd,
           _In_opt_ PVOID PeekContext)
{
    PCQ_INSTANCE_CONTEXT ctx = CONTAINING_RECORD(Cbdq, CQ_INSTANCE_CONTEXT, Cbdq);
    PLIST_ENTRY next;

    UNREFERENCED_PARAMETER(PeekContext);

    next = (Cbd == NULL) ? ctx->QueueHead.Flink : Cbd->QueueLinks.Flink;
    if (next == &ctx->QueueHead) {
        return NULL;
    }
    return CONTAINING_RECORD(next, FLT_CALLBACK_DATA, QueueLinks);
}

_IRQL_raises_(DISPATCH_LEVEL)
static VOID
CqAcquire(_Inout_ PFLT_CALLBACK_DATA_QUEUE Cbdq,
          _Out_ PKIRQL Irql)
{
    PCQ_INSTANCE_CONTEXT ctx = CONTAINING_RECORD(Cbdq, CQ_INSTANCE_CONTEXT, Cbdq);
    KeAcquireSpinLock(&ctx->QueueLock, Irql);
}

static VOID
CqRelease(_Inout_ PFLT_CALLBACK_DATA_QUEUE Cbdq,
          _In_ KIRQL Irql)
{
    PCQ_INSTANCE_CONTEXT ctx = CONTAINING_RECORD(Cbdq, CQ_INSTANCE_CONTEXT, Cbdq);
    KeReleaseSpinLock(&ctx->QueueLock, Irql);
}

static VOID
CqCompleteCanceled(_Inout_ PFLT_CALLBACK_DATA_QUEUE Cbdq,
                   _Inout_ PFLT_CALLBACK_DATA Cbd)
{
    PCQ_QUEUE_CONTEXT qc = (PCQ_QUEUE_CONTEXT)Cbd->QueueContext[0];
    UNREFERENCED_PARAMETER(Cbdq);

    if (qc != NULL) {
        ExFreeToNPagedLookasideList(&Globals.QueueContextLookaside, qc);
    }
    Cbd->IoStatus.Status = STATUS_CANCELLED;
    Cbd->IoStatus.Information = 0;
    FltCompletePendedPreOperation(Cbd, FLT_PREOP_COMPLETE, NULL);
}

NTSTATUS
CqInitQueue(_Inout_ PCQ_INSTANCE_CONTEXT Ctx)
{
    InitializeListHead(&Ctx->QueueHead);
    KeInitializeSpinLock(&Ctx->QueueLock);
    Ctx->Pended = 0;
    Ctx->WorkerActive = 0;

    return FltCbdqInitialize(Ctx->Instance, &Ctx->Cbdq,
                             CqInsert, CqRemove, CqPeekNext,
                             CqAcquire, CqRelease, CqCompleteCanceled);
}

/* ---- pending / releasing -------------------------------------------- */

NTSTATUS
CqPendRead(_In_ PCQ_INSTANCE_CONTEXT Ctx, _In_ PFLT_CALLBACK_DATA Data)
{
    PCQ_QUEUE_CONTEXT qc;
    NTSTATUS status;

    if (Ctx->Pended >= CQ_MAX_PENDED) {
        return STATUS_QUOTA_EXCEEDED;
    }

    qc = (PCQ_QUEUE_CONTEXT)ExAllocateFromNPagedLookasideList(
                                &Globals.QueueContextLookaside);
    if (qc == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Data->QueueContext[0] = qc;
    Data->QueueContext[1] = NULL;

    status = FltCbdqInsertIo(&Ctx->Cbdq, Data, &qc->CbdqIoContext, NULL);
    if (!NT_SUCCESS(status)) {
        Data->QueueContext[0] = NULL;
        ExFreeToNPagedLookasideList(&Globals.QueueContextLookaside, qc);
    }
    return status;
}

static VOID
CqWorker(_In_ PFLT_GENERIC_WORKITEM WorkItem,
         _In_ PVOID FltObject,
         _In_opt_ PVOID Context)
{
    PCQ_INSTANCE_CONTEXT ctx = (PCQ_INSTANCE_CONTEXT)Context;
    PFLT_CALLBACK_DATA data;
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(FltObject);

    delay.QuadPart = -10000LL * Globals.DelayMs;
    KeDelayExecutionThread(KernelMode, FALSE, &delay);

    while ((data = FltCbdqRemoveNextIo(&ctx->Cbdq, NULL)) != NULL) {
        PCQ_QUEUE_CONTEXT qc = (PCQ_QUEUE_CONTEXT)data->QueueContext[0];
        if (qc != NULL) {
            ExFreeToNPagedLookasideList(&Globals.QueueContextLookaside, qc);
        }
        FltCompletePendedPreOperation(data, FLT_PREOP_SUCCESS_NO_CALLBACK, NULL);
    }

    InterlockedExchange(&ctx->WorkerActive, 0);
    FltReleaseContext(ctx);
    FltFreeGenericWorkItem(WorkItem);
}

VOID
CqKickWorker(_In_ PCQ_INSTANCE_CONTEXT Ctx)
{
    PFLT_GENERIC_WORKITEM wi;

    if (InterlockedCompareExchange(&Ctx->WorkerActive, 1, 0) != 0) {
        return;     /* already running, it will pick ours up */
    }

    wi = FltAllocateGenericWorkItem();
    if (wi == NULL) {
        InterlockedExchange(&Ctx->WorkerActive, 0);
        return;
    }

    FltReferenceContext(Ctx);
    if (!NT_SUCCESS(FltQueueGenericWorkItem(wi, Ctx->Instance, CqWorker,
                                            DelayedWorkQueue, Ctx))) {
        FltReleaseContext(Ctx);
        FltFreeGenericWorkItem(wi);
        InterlockedExchange(&Ctx->WorkerActive, 0);
    }
}
