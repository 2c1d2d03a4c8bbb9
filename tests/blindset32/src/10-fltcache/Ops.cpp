#include "FltCache.h"

VOID FLTAPI
FilterDriver::StreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    UNREFERENCED_PARAMETER(ContextType);

    if (static_cast<STREAM_CONTEXT*>(Context)->Counted) {
        InterlockedDecrement64(&s_Stats.StreamsTracked);
    }
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FilterDriver::PreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
FilterDriver::PostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(CompletionContext);
    CACHE_CONFIG config;
    STREAM_CONTEXT* ctx = nullptr;
    STREAM_CONTEXT* existing = nullptr;

    if (!NT_SUCCESS(Data->IoStatus.Status) || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    ReadConfig(&config);
    if (!config.Enabled) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    NTSTATUS status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                         sizeof(STREAM_CONTEXT), NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    RtlZeroMemory(ctx, sizeof(STREAM_CONTEXT));
    KeQuerySystemTimePrecise(&ctx->FirstOpen);

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx,
                                 reinterpret_cast<PFLT_CONTEXT*>(&existing));
    if (NT_SUCCESS(status)) {
        ctx->Counted = TRUE;
        InterlockedIncrement64(&s_Stats.StreamsTracked);
    } else if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED && existing != nullptr) {
        FltReleaseContext(existing);
    }

    // drop our allocation reference; the stream holds its own if it was set
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FilterDriver::PreRead(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    STREAM_CONTEXT* ctx = nullptr;

    *CompletionContext = nullptr;
    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    NTSTATUS status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                          reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (NT_SUCCESS(status)) {
        InterlockedIncrement64(&ctx->Reads);
        InterlockedAdd64(&ctx->Bytes, Data->Iopb->Parameters.Read.Length);
        InterlockedIncrement64(&s_Stats.ReadsSeen);
        InterlockedAdd64(&s_Stats.BytesRequested, Data->Iopb->Parameters.Read.Length);
        FltReleaseContext(ctx);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
