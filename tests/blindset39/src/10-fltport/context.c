/*
 * context.c - per-stream open tracking
 */
#include "fltport.h"

const FLT_CONTEXT_REGISTRATION FpContextRegistration[] = {
    { FLT_STREAM_CONTEXT, 0, NULL, sizeof(FP_STREAM_CONTEXT), FP_CTX_TAG },
    { FLT_CONTEXT_END }
};

/*
 * Find the stream context or create it. Returned context is referenced.
 */
static NTSTATUS
FpGetOrCreateStreamContext(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Outptr_ PFP_STREAM_CONTEXT *Context
    )
{
    PFP_STREAM_CONTEXT ctx = NULL;
    PFP_STREAM_CONTEXT existing = NULL;
    FILE_INTERNAL_INFORMATION fileId;
    NTSTATUS status;

    *Context = NULL;

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx);
    if (NT_SUCCESS(status)) {
        *Context = ctx;
        return status;
    }
    if (status != STATUS_NOT_FOUND)
        return status;

    status = FltQueryInformationFile(FltObjects->Instance, FltObjects->FileObject,
                                     &fileId, sizeof(fileId), FileInternalInformation, NULL);
    if (!NT_SUCCESS(status))
        return status;

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(FP_STREAM_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status))
        return status;

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->FileId = fileId.IndexNumber;

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, (PFLT_CONTEXT *)&existing);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        /* lost the race: use the winner's, drop ours */
        FltReleaseContext(ctx);
        *Context = existing;
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        FltReleaseContext(ctx);
        return status;
    }

    *Context = ctx;
    return STATUS_SUCCESS;
}

FLT_POSTOP_CALLBACK_STATUS
FpPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PFP_STREAM_CONTEXT ctx = NULL;
    ACCESS_MASK access;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE))
        return FLT_POSTOP_FINISHED_PROCESSING;

    status = FpGetOrCreateStreamContext(FltObjects, &ctx);
    if (!NT_SUCCESS(status))
        return FLT_POSTOP_FINISHED_PROCESSING;

    InterlockedIncrement(&ctx->OpenCount);

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA) &&
        InterlockedCompareExchange(&ctx->WriteOpened, 1, 0) == 0) {
        FpNotifyWriteOpen(ctx);
    }

    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
FpPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFP_STREAM_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&ctx))) {
        if (InterlockedDecrement(&ctx->OpenCount) == 0)
            InterlockedExchange(&ctx->WriteOpened, 0);
        FltReleaseContext(ctx);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
