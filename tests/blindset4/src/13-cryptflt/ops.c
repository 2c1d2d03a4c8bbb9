/*
 * ops.c - create and write callbacks of CryptFlt.
 */
#include "cryptflt.h"

FLT_PREOP_CALLBACK_STATUS FLTAPI
CfPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);

    *CompletionContext = NULL;

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_TARGET_DIRECTORY) ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
CfPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PCF_STREAM_CONTEXT ctx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_DOES_NOT_EXIST) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) && nameInfo->Extension.Length != 0 &&
        CfIsProtectedExtension(&nameInfo->Extension)) {

        status = FltAllocateContext(g_Cf.Filter, FLT_STREAM_CONTEXT, sizeof(CF_STREAM_CONTEXT),
                                    NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
        if (NT_SUCCESS(status)) {
            ctx->Protected = TRUE;
            ctx->Dirty = FALSE;
            (VOID)FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                      FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
            FltReleaseContext(ctx);
        }
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
CfPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PCF_STREAM_CONTEXT ctx;

    *CompletionContext = NULL;

    if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                        (PFLT_CONTEXT *)&ctx))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (ctx->Protected && g_Cf.Policy.Mode == CfModeEnforce &&
        Data->RequestorMode == UserMode) {
        InterlockedIncrement(&g_Cf.DeniedWrites);
        FltReleaseContext(ctx);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }

    ctx->Dirty = TRUE;
    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
