#include "fsmon.h"

namespace Ctx {

static VOID FLTAPI StreamCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(ContextType);

    auto ctx = static_cast<StreamCtx*>(Context);
    if (ctx->Name.Buffer) {
        ExFreePoolWithTag(ctx->Name.Buffer, FSMON_NAME_TAG);
        ctx->Name.Buffer = nullptr;
    }
}

const FLT_CONTEXT_REGISTRATION Registration[] = {
    { FLT_STREAM_CONTEXT, 0, StreamCleanup, sizeof(StreamCtx), FSMON_CTX_TAG },
    { FLT_CONTEXT_END }
};

// only interesting extensions - keep the list short, this runs on every create
static bool IsWatched(PCUNICODE_STRING ext)
{
    static const UNICODE_STRING exts[] = {
        RTL_CONSTANT_STRING(L"docx"),
        RTL_CONSTANT_STRING(L"xlsx"),
        RTL_CONSTANT_STRING(L"pdf"),
        RTL_CONSTANT_STRING(L"txt"),
    };
    for (auto& e : exts) {
        if (RtlEqualUnicodeString(ext, &e, TRUE))
            return true;
    }
    return false;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(
    PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
    PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING))
        return FLT_POSTOP_FINISHED_PROCESSING;
    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE)
        return FLT_POSTOP_FINISHED_PROCESSING;

    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;
    StreamCtx* ctx = nullptr;

    NTSTATUS status = FltGetFileNameInformation(
        Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status))
        return FLT_POSTOP_FINISHED_PROCESSING;

    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status) || !IsWatched(&nameInfo->Extension))
        goto out;

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(StreamCtx), NonPagedPoolNx,
                                reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status))
        goto out;

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Name.Buffer = static_cast<PWCH>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, nameInfo->Name.Length, FSMON_NAME_TAG));
    if (ctx->Name.Buffer) {
        ctx->Name.MaximumLength = nameInfo->Name.Length;
        RtlCopyUnicodeString(&ctx->Name, &nameInfo->Name);
    }

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED)
        status = STATUS_SUCCESS;   // someone raced us, theirs wins

    // drop our allocation reference either way; the stream holds its own
    FltReleaseContext(ctx);

out:
    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(
    PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
    PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (Data->RequestorMode == KernelMode || Port::Paused)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    StreamCtx* ctx = nullptr;
    NTSTATUS status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                          reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    InterlockedIncrement(&ctx->Writes);

    if (InterlockedCompareExchange(&ctx->Reported, 1, 0) == 0 && ctx->Name.Buffer) {
        status = Port::Notify(ctx);
        if (!NT_SUCCESS(status))
            InterlockedExchange(&ctx->Reported, 0);
    }

    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

} // namespace Ctx
