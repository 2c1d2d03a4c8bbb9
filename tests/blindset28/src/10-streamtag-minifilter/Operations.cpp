//
// StreamTag minifilter: I/O path and stream context handling.
//
#include "StreamTag.h"

NTSTATUS StreamTagFilter::AttachContext(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    StreamTagContext* ctx = nullptr;
    StreamTagContext* existing = nullptr;
    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;

    NTSTATUS status = FltAllocateContext(s_Filter,
                                         FLT_STREAM_CONTEXT,
                                         sizeof(StreamTagContext),
                                         NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(ctx, sizeof(StreamTagContext));
    KeQuerySystemTime(&ctx->FirstSeen);

    // Name is informational only; a context without it is still useful.
    if (NT_SUCCESS(FltGetFileNameInformation(Data,
                                             FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                             &nameInfo))) {
        const USHORT bytes = nameInfo->Name.Length;
        if (bytes != 0) {
            ctx->Name.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, STREAMTAG_NAME_TAG));
            if (ctx->Name.Buffer != nullptr) {
                RtlCopyMemory(ctx->Name.Buffer, nameInfo->Name.Buffer, bytes);
                ctx->Name.Length = bytes;
                ctx->Name.MaximumLength = bytes;
            }
        }
        FltReleaseFileNameInformation(nameInfo);
    }

    status = FltSetStreamContext(FltObjects->Instance,
                                 FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                 ctx,
                                 reinterpret_cast<PFLT_CONTEXT*>(&existing));
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        // another open won the race; keep theirs
        FltReleaseContext(existing);
        status = STATUS_SUCCESS;
    } else if (NT_SUCCESS(status)) {
        InterlockedIncrement64(&s_Stats.ContextsCreated);
    }

    // Drops our allocation reference. If the set failed this frees the
    // context and runs StreamContextCleanup for the name buffer.
    FltReleaseContext(ctx);
    return status;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI StreamTagFilter::PostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    const ACCESS_MASK desired = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!FlagOn(desired, FILE_WRITE_DATA | FILE_APPEND_DATA)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    BOOLEAN isDirectory = FALSE;
    if (!NT_SUCCESS(FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDirectory)) ||
        isDirectory) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!NT_SUCCESS(AttachContext(Data, FltObjects))) {
        InterlockedIncrement64(&s_Stats.AttachFailures);
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI StreamTagFilter::PreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);

    *CompletionContext = nullptr;

    StreamTagContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance,
                                       FltObjects->FileObject,
                                       reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        InterlockedIncrement64(&ctx->WriteCount);
        InterlockedIncrement64(&s_Stats.WritesTagged);
        FltReleaseContext(ctx);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

VOID FLTAPI StreamTagFilter::StreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(ContextType);

    auto ctx = static_cast<StreamTagContext*>(Context);
    if (ctx->Name.Buffer != nullptr) {
        ExFreePoolWithTag(ctx->Name.Buffer, STREAMTAG_NAME_TAG);
        ctx->Name.Buffer = nullptr;
    }

    InterlockedIncrement64(&s_Stats.ContextsFreed);
}
