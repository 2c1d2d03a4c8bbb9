#include "gate.h"

namespace gate {

namespace {

inline InstanceContext* FromQueue(PFLT_CALLBACK_DATA_QUEUE q)
{
    return CONTAINING_RECORD(q, InstanceContext, Queue);
}

void FreeIoContext(PFLT_CALLBACK_DATA data)
{
    auto ioc = static_cast<IoQueueContext*>(data->QueueContext[0]);
    if (ioc) {
        data->QueueContext[0] = nullptr;
        ExFreeToNPagedLookasideList(&Driver::IoContexts, ioc);
    }
}

NTSTATUS FLTAPI Insert(PFLT_CALLBACK_DATA_QUEUE q, PFLT_CALLBACK_DATA data, PVOID)
{
    InsertTailList(&FromQueue(q)->Parked, &data->QueueLinks);
    return STATUS_SUCCESS;
}

VOID FLTAPI Remove(PFLT_CALLBACK_DATA_QUEUE, PFLT_CALLBACK_DATA data)
{
    RemoveEntryList(&data->QueueLinks);
}

PFLT_CALLBACK_DATA FLTAPI PeekNext(PFLT_CALLBACK_DATA_QUEUE q, PFLT_CALLBACK_DATA data, PVOID)
{
    auto ctx = FromQueue(q);
    PLIST_ENTRY next = data ? data->QueueLinks.Flink : ctx->Parked.Flink;
    return next == &ctx->Parked ? nullptr
                                : CONTAINING_RECORD(next, FLT_CALLBACK_DATA, QueueLinks);
}

VOID FLTAPI Acquire(PFLT_CALLBACK_DATA_QUEUE q, PKIRQL irql)
{
    KeAcquireSpinLock(&FromQueue(q)->Lock, irql);
}

VOID FLTAPI Release(PFLT_CALLBACK_DATA_QUEUE q, KIRQL irql)
{
    KeReleaseSpinLock(&FromQueue(q)->Lock, irql);
}

VOID FLTAPI CompleteCanceled(PFLT_CALLBACK_DATA_QUEUE, PFLT_CALLBACK_DATA data)
{
    FreeIoContext(data);
    data->IoStatus.Status = STATUS_CANCELLED;
    data->IoStatus.Information = 0;
    FltCompletePendedPreOperation(data, FLT_PREOP_COMPLETE, nullptr);
}

VOID FLTAPI ReleaseWorker(PFLT_GENERIC_WORKITEM item, PVOID, PVOID context)
{
    auto ctx = static_cast<InstanceContext*>(context);

    ULONG n = ReleaseAll(ctx, false);
    GLOG(DPFLTR_INFO_LEVEL, "released %lu parked writes", n);

    InterlockedExchange(&ctx->Draining, 0);
    FltReleaseContext(ctx);
    FltFreeGenericWorkItem(item);
}

} // namespace

NTSTATUS InitQueue(InstanceContext* ctx)
{
    InitializeListHead(&ctx->Parked);
    KeInitializeSpinLock(&ctx->Lock);
    return FltCbdqInitialize(ctx->Instance, &ctx->Queue, Insert, Remove, PeekNext,
                             Acquire, Release, CompleteCanceled);
}

bool Park(InstanceContext* ctx, PFLT_CALLBACK_DATA data)
{
    auto ioc = static_cast<IoQueueContext*>(ExAllocateFromNPagedLookasideList(&Driver::IoContexts));
    if (!ioc) {
        return false;
    }
    data->QueueContext[0] = ioc;

    NTSTATUS status = FltCbdqInsertIo(&ctx->Queue, data, &ioc->Cbdq, nullptr);
    if (!NT_SUCCESS(status)) {
        // queue disabled (teardown) or insert refused: let the write through
        FreeIoContext(data);
        return false;
    }
    return true;
}

ULONG ReleaseAll(InstanceContext* ctx, bool failThem)
{
    ULONG n = 0;
    PFLT_CALLBACK_DATA data;

    while ((data = FltCbdqRemoveNextIo(&ctx->Queue, nullptr)) != nullptr) {
        FreeIoContext(data);
        if (failThem) {
            data->IoStatus.Status = STATUS_CANCELLED;
            data->IoStatus.Information = 0;
            FltCompletePendedPreOperation(data, FLT_PREOP_COMPLETE, nullptr);
        } else {
            FltCompletePendedPreOperation(data, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
        }
        ++n;
    }
    return n;
}

void ScheduleRelease(InstanceContext* ctx)
{
    if (InterlockedCompareExchange(&ctx->Draining, 1, 0) != 0) {
        return;
    }

    PFLT_GENERIC_WORKITEM item = FltAllocateGenericWorkItem();
    if (item) {
        FltReferenceContext(ctx);
        if (NT_SUCCESS(FltQueueGenericWorkItem(item, ctx->Instance, ReleaseWorker,
                                               DelayedWorkQueue, ctx))) {
            return;
        }
        FltReleaseContext(ctx);
        FltFreeGenericWorkItem(item);
    }

    // could not defer it; do it inline (caller is at PASSIVE_LEVEL)
    ReleaseAll(ctx, false);
    InterlockedExchange(&ctx->Draining, 0);
}

} // namespace gate
