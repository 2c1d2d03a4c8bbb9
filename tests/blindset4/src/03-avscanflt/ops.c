/*
 * ops.c - I/O callbacks of AvScan.
 */
#include "avscan.h"

static BOOLEAN
AvIsScannerRequest(_In_ PFLT_CALLBACK_DATA Data)
{
    return (Globals.ScannerProcess != NULL &&
            IoThreadToProcess(Data->Thread) == Globals.ScannerProcess);
}

static NTSTATUS
AvGetOrCreateStreamContext(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Outptr_ PAV_STREAM_CONTEXT *Context
    )
{
    NTSTATUS status;
    PAV_STREAM_CONTEXT ctx = NULL;
    PAV_STREAM_CONTEXT old = NULL;

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx);
    if (NT_SUCCESS(status)) {
        *Context = ctx;
        return status;
    }

    status = FltAllocateContext(Globals.Filter, FLT_STREAM_CONTEXT, sizeof(AV_STREAM_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, (PFLT_CONTEXT *)&old);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        FltReleaseContext(ctx);
        *Context = old;
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        FltReleaseContext(ctx);
        return status;
    }

    *Context = ctx;
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
AvPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);

    *CompletionContext = NULL;

    if (AvIsScannerRequest(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
AvPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PAV_STREAM_CONTEXT ctx;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (NT_SUCCESS(AvGetOrCreateStreamContext(FltObjects, &ctx))) {
        FltReleaseContext(ctx);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
AvPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PAV_STREAM_CONTEXT ctx;

    UNREFERENCED_PARAMETER(Data);

    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&ctx))) {
        InterlockedExchange(&ctx->Modified, 1);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
AvPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PAV_STREAM_CONTEXT ctx;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    AV_VERDICT verdict;
    NTSTATUS status;

    *CompletionContext = NULL;

    if (AvIsScannerRequest(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (InterlockedExchange(&ctx->Modified, 0) == 0) {
        FltReleaseContext(ctx);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (NT_SUCCESS(status)) {
        status = AvSendScanRequest(Data, nameInfo, &verdict);
        if (NT_SUCCESS(status)) {
            ctx->Verdict = verdict;
            ctx->ScanGeneration = Globals.ScanGeneration;
        }
        FltReleaseFileNameInformation(nameInfo);
    }

    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

VOID FLTAPI
AvStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
}
