// instance.cpp - per-volume state: the callback data queue.
#include "shq.h"

namespace shq {
namespace {

inline InstanceContext* FromCbdq(PFLT_CALLBACK_DATA_QUEUE q) { return CONTAINING_RECORD(q, InstanceContext, Cbdq); }

NTSTATUS FLTAPI CbdqInsert(_Inout_ PFLT_CALLBACK_DATA_QUEUE q, _In_ PFLT_CALLBACK_DATA cbd, _In_opt_ PVOID)
{
    InsertTailList(&FromCbdq(q)->Pending, &cbd->QueueLinks);
    return STATUS_SUCCESS;
}

VOID FLTAPI CbdqRemove(_Inout_ PFLT_CALLBACK_DATA_QUEUE, _In_ PFLT_CALLBACK_DATA cbd)
{
    RemoveEntryList(&cbd->QueueLinks);
}

PFLT_CALLBACK_DATA FLTAPI CbdqPeekNext(_In_ PFLT_CALLBACK_DATA_QUEUE q, _In_opt_ PFLT_CALLBACK_DATA cbd, _In_opt_ PVOID)
{
    auto ctx = FromCbdq(q);
    PLIST_ENTRY next = (cbd == nullptr) ? ctx->Pending.Flink : cbd->QueueLinks.Flink;

    return (next == &ctx->Pending) ? nullptr : CONTAINING_RECORD(next, FLT_CALLBACK_DATA, QueueLinks);
}

_IRQL_raises_(DISPATCH_LEVEL)
VOID FLTAPI CbdqAcquire(_Inout_ PFLT_CALLBACK_DATA_QUEUE q, _Out_ PKIRQL irql)
{
    KeAcquireSpinLock(&FromCbdq(q)->Lock, irql);
}

_IRQL_requires_(DISPATCH_LEVEL)
VOID FLTAPI CbdqRelease(_Inout_ PFLT_CALLBACK_DATA_QUEUE q, _In_ KIRQL irql)
{
    KeReleaseSpinLock(&FromCbdq(q)->Lock, irql);
}

VOID FLTAPI CbdqCompleteCanceled(_Inout_ PFLT_CALLBACK_DATA_QUEUE, _Inout_ PFLT_CALLBACK_DATA cbd)
{
    cbd->IoStatus.Status = STATUS_CANCELLED;
    cbd->IoStatus.Information = 0;
    FltCompletePendedPreOperation(cbd, FLT_PREOP_COMPLETE, nullptr);
}

} // anonymous namespace

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS,
                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE)
{
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    ContextRef<InstanceContext> ctx;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                         sizeof(InstanceContext), NonPagedPoolNx, ctx.Receive());
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ctx.Get(), sizeof(InstanceContext));
    InitializeListHead(&ctx->Pending);
    InitializeListHead(&ctx->Link);
    KeInitializeSpinLock(&ctx->Lock);
    ctx->Instance = FltObjects->Instance;

    status = FltCbdqInitialize(FltObjects->Instance, &ctx->Cbdq,
                               CbdqInsert, CbdqRemove, CbdqPeekNext,
                               CbdqAcquire, CbdqRelease, CbdqCompleteCanceled);
    if (!NT_SUCCESS(status)) {
        return status;              // ctx released by ContextRef
    }

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   ctx.Get(), nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // only now is the queue reachable by the journal thread
    ExAcquireFastMutex(&g.InstancesLock);
    InsertTailList(&g.Instances, &ctx->Link);
    ctx->Linked = true;
    ExReleaseFastMutex(&g.InstancesLock);

    return STATUS_SUCCESS;          // filter manager keeps its own reference
}

VOID FLTAPI InstanceTeardownStart(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_TEARDOWN_FLAGS)
{
    ContextRef<InstanceContext> ctx;
    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, ctx.Receive()))) {
        return;
    }

    // no new inserts; PreWrite falls back to passing writes through
    FltCbdqDisable(&ctx->Cbdq);

    // the journal thread walks g.Instances under this lock
    ExAcquireFastMutex(&g.InstancesLock);
    if (ctx->Linked) {
        RemoveEntryList(&ctx->Link);
        ctx->Linked = false;
    }
    ExReleaseFastMutex(&g.InstancesLock);

    // let anything still parked go down unjournaled; none may stay pended
    PFLT_CALLBACK_DATA cbd;
    while ((cbd = FltCbdqRemoveNextIo(&ctx->Cbdq, nullptr)) != nullptr) {
        FltCompletePendedPreOperation(cbd, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
    }
}

VOID FLTAPI ContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    if (ContextType == FLT_STREAMHANDLE_CONTEXT) {
        auto h = static_cast<HandleContext*>(Context);
        if (h->Name.Buffer != nullptr) {
            ExFreePoolWithTag(h->Name.Buffer, SHQ_TAG_NAME);
            h->Name.Buffer = nullptr;
        }
    } else if (ContextType == FLT_INSTANCE_CONTEXT) {
        auto i = static_cast<InstanceContext*>(Context);
        NT_ASSERT(!i->Linked);
        NT_ASSERT(IsListEmpty(&i->Pending));
        UNREFERENCED_PARAMETER(i);
    }
}

} // namespace shq
