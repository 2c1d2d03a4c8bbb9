/*
 * ops.c - create/cleanup callbacks and the stream context.
 */
#include "mfstream.h"

VOID
MfsStreamContextCleanup(
    _In_ PFLT_CONTEXT     Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
    /* nothing allocated inside the context */
}

FLT_PREOP_CALLBACK_STATUS
MfsPreCreate(
    _Inout_ PFLT_CALLBACK_DATA    Data,
    _In_    PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    ACCESS_MASK access;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if ((access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
MfsPostCreate(
    _Inout_  PFLT_CALLBACK_DATA       Data,
    _In_     PCFLT_RELATED_OBJECTS    FltObjects,
    _In_opt_ PVOID                    CompletionContext,
    _In_     FLT_POST_OPERATION_FLAGS Flags
    )
{
    PMFS_STREAM_CONTEXT ctx = NULL;
    PMFS_STREAM_CONTEXT existing = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx);
    if (status == STATUS_NOT_FOUND) {
        status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                    sizeof(MFS_STREAM_CONTEXT), NonPagedPoolNx,
                                    (PFLT_CONTEXT *)&ctx);
        if (!NT_SUCCESS(status)) {
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
        RtlZeroMemory(ctx, sizeof(*ctx));

        status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                     FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx,
                                     (PFLT_CONTEXT *)&existing);
        if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
            FltReleaseContext(ctx);
            ctx = existing;
        } else if (!NT_SUCCESS(status)) {
            FltReleaseContext(ctx);
            return FLT_POSTOP_FINISHED_PROCESSING;
        }
    } else if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (InterlockedIncrement(&ctx->WriteHandles) == 1 && ctx->FirstWrite.QuadPart == 0) {
        KeQuerySystemTimePrecise(&ctx->FirstWrite);
    }
    ctx->Modified = TRUE;

    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
MfsPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA    Data,
    _In_    PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PMFS_STREAM_CONTEXT ctx = NULL;
    NTSTATUS status;

    *CompletionContext = NULL;

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FltObjects->FileObject->WriteAccess &&
        InterlockedDecrement(&ctx->WriteHandles) == 0 && ctx->Modified) {
        MfsSendNotification(Data, ctx);
        ctx->Modified = FALSE;
        ctx->FirstWrite.QuadPart = 0;
    }

    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
