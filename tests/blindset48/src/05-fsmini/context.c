/*
 * context.c - stream contexts and the I/O callbacks that use them.
 */
#include "fsmini.h"

static VOID FLTAPI FsmStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

const FLT_CONTEXT_REGISTRATION FsmContextRegistration[] = {
    { FLT_STREAM_CONTEXT, 0, FsmStreamContextCleanup, sizeof(FSM_STREAM_CONTEXT), FSM_CTX_TAG },
    { FLT_CONTEXT_END }
};

static VOID FLTAPI
FsmStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    PFSM_STREAM_CONTEXT ctx = (PFSM_STREAM_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);

    if (ctx->Name.Buffer != NULL) {
        ExFreePoolWithTag(ctx->Name.Buffer, FSM_NAME_TAG);
        ctx->Name.Buffer = NULL;
    }
}

static VOID
FsmCaptureName(_Inout_ PFLT_CALLBACK_DATA Data, _Inout_ PFSM_STREAM_CONTEXT Ctx)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    NTSTATUS                   status;
    USHORT                     cb;

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return;
    }

    cb = min(nameInfo->Name.Length, (USHORT)(FSM_MAX_NAME_CHARS * sizeof(WCHAR)));
    Ctx->Name.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_NON_PAGED, cb, FSM_NAME_TAG);
    if (Ctx->Name.Buffer != NULL) {
        RtlCopyMemory(Ctx->Name.Buffer, nameInfo->Name.Buffer, cb);
        Ctx->Name.Length = Ctx->Name.MaximumLength = cb;
    }

    FltReleaseFileNameInformation(nameInfo);
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
FsmPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
              _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    PFSM_STREAM_CONTEXT ctx = NULL;
    NTSTATUS            status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(g_Fsm.Filter, FLT_STREAM_CONTEXT, sizeof(FSM_STREAM_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    FsmCaptureName(Data, ctx);

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    if (!NT_SUCCESS(status) && status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        FSM_PRINT(DPFLTR_TRACE_LEVEL, "FltSetStreamContext 0x%08X", status);
    }

    /* drops our allocation reference; a context that was not set goes away here */
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsmPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    PFSM_STREAM_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (g_Fsm.State != FsmStateRunning) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&ctx))) {
        InterlockedIncrement(&ctx->WriteCount);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsmPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
              _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    PFSM_STREAM_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (!FlagOn(g_Fsm.Flags, FSM_FLAG_NOTIFY)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&ctx))) {
        if (ctx->WriteCount != 0) {
            FsmCommNotify(ctx);
        }
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
