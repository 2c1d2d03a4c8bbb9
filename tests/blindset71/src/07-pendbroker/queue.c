#include "broker.h"

#define CTX_FROM_Q(q) CONTAINING_RECORD((q), BRK_INSTANCE_CONTEXT, Cbdq)

static NTSTATUS BqInsert(PFLT_CALLBACK_DATA_QUEUE Q, PFLT_CALLBACK_DATA Cbd, PVOID Ic)
{
    UNREFERENCED_PARAMETER(Ic);
    InsertTailList(&CTX_FROM_Q(Q)->PendedHead, &Cbd->QueueLinks);
    return STATUS_SUCCESS;
}

static VOID BqRemove(PFLT_CALLBACK_DATA_QUEUE Q, PFLT_CALLBACK_DATA Cbd)
{
    UNREFERENCED_PARAMETER(Q);
    RemoveEntryList(&Cbd->QueueLinks);
}

static PFLT_CALLBACK_DATA BqPeek(PFLT_CALLBACK_DATA_QUEUE Q, PFLT_CALLBACK_DATA Cbd, PVOID Pc)
{
    PBRK_INSTANCE_CONTEXT c = CTX_FROM_Q(Q);
    PLIST_ENTRY e = Cbd ? Cbd->QueueLinks.Flink : c->PendedHead.Flink;
    UNREFERENCED_PARAMETER(Pc);
    return (e == &c->PendedHead) ? NULL : CONTAINING_RECORD(e, FLT_CALLBACK_DATA, QueueLinks);
}

static VOID BqAcquire(PFLT_CALLBACK_DATA_QUEUE Q, PKIRQL Irql)
{
    KeAcquireSpinLock(&CTX_FROM_Q(Q)->PendedLock, Irql);
}

static VOID BqRelease(PFLT_CALLBACK_DATA_QUEUE Q, KIRQL Irql)
{
    KeReleaseSpinLock(&CTX_FROM_Q(Q)->PendedLock, Irql);
}

static VOID BqCanceled(PFLT_CALLBACK_DATA_QUEUE Q, PFLT_CALLBACK_DATA Cbd)
{
    UNREFERENCED_PARAMETER(Q);
    if (Cbd->QueueContext[0]) {
        ExFreePoolWithTag(Cbd->QueueContext[0], BRK_TAG_QIO);
    }
    Cbd->IoStatus.Status = STATUS_CANCELLED;
    Cbd->IoStatus.Information = 0;
    FltCompletePendedPreOperation(Cbd, FLT_PREOP_COMPLETE, NULL);
}

NTSTATUS
BrkQueueInit(_Inout_ PBRK_INSTANCE_CONTEXT Ctx)
{
    InitializeListHead(&Ctx->PendedHead);
    KeInitializeSpinLock(&Ctx->PendedLock);
    return FltCbdqInitialize(Ctx->Instance, &Ctx->Cbdq, BqInsert, BqRemove,
                             BqPeek, BqAcquire, BqRelease, BqCanceled);
}

NTSTATUS
BrkQueuePend(_Inout_ PBRK_INSTANCE_CONTEXT Ctx, _In_ PFLT_CALLBACK_DATA Data)
{
    NTSTATUS status;
    PBRK_PENDED_IO p = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*p), BRK_TAG_QIO);

    if (p == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Data->QueueContext[0] = p;
    status = FltCbdqInsertIo(&Ctx->Cbdq, Data, &p->IoCtx, NULL);
    if (!NT_SUCCESS(status)) {
        Data->QueueContext[0] = NULL;
        ExFreePoolWithTag(p, BRK_TAG_QIO);
    }
    return status;
}

ULONG
BrkQueueDrain(_Inout_ PBRK_INSTANCE_CONTEXT Ctx, _In_ NTSTATUS Verdict)
{
    PFLT_CALLBACK_DATA d;
    ULONG n = 0;

    while ((d = FltCbdqRemoveNextIo(&Ctx->Cbdq, NULL)) != NULL) {
        if (d->QueueContext[0]) {
            ExFreePoolWithTag(d->QueueContext[0], BRK_TAG_QIO);
            d->QueueContext[0] = NULL;
        }
        if (NT_SUCCESS(Verdict)) {
            FltCompletePendedPreOperation(d, FLT_PREOP_SUCCESS_NO_CALLBACK, NULL);
        } else {
            d->IoStatus.Status = Verdict;
            d->IoStatus.Information = 0;
            FltCompletePendedPreOperation(d, FLT_PREOP_COMPLETE, NULL);
        }
        n++;
    }
    return n;
}

ULONG
BrkDrainAll(_In_ NTSTATUS Verdict)
{
    PLIST_ENTRY e;
    ULONG n = 0;

    KeEnterCriticalRegion();
    ExAcquirePushLockShared(&BrkData.InstanceLock);
    for (e = BrkData.Instances.Flink; e != &BrkData.Instances; e = e->Flink) {
        n += BrkQueueDrain(CONTAINING_RECORD(e, BRK_INSTANCE_CONTEXT, Link), Verdict);
    }
    ExReleasePushLockShared(&BrkData.InstanceLock);
    KeLeaveCriticalRegion();
    return n;
}
