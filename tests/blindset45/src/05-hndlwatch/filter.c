/*
 * filter.c - the minifilter half: stream handle contexts, write
 * accounting and close reporting.
 */
#include "hndlwatch.h"

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
HwPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS                    status;
    BOOLEAN                     isDir = FALSE;
    PHW_HANDLE_CTX              ctx = NULL;
    PFLT_FILE_NAME_INFORMATION  nameInfo = NULL;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDir);
    if (!NT_SUCCESS(status) || isDir) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAMHANDLE_CONTEXT,
                                sizeof(HW_HANDLE_CTX), NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->ProcessId = FltGetRequestorProcessId(Data);

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (NT_SUCCESS(status)) {
        USHORT bytes = min(nameInfo->Name.Length, (USHORT)((HW_MAX_NAME - 1) * sizeof(WCHAR)));
        RtlCopyMemory(ctx->Name, nameInfo->Name.Buffer, bytes);
        ctx->NameLength = bytes;
        FltReleaseFileNameInformation(nameInfo);
    }

    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    if (!NT_SUCCESS(status) && status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        HW_LOG("set SH context 0x%08x", status);
    }

    /* drop our allocation reference; the filter manager keeps its own */
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
HwPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PHW_HANDLE_CTX ctx = NULL;

    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance,
                                             FltObjects->FileObject,
                                             (PFLT_CONTEXT *)&ctx))) {
        InterlockedIncrement(&ctx->Writes);
        InterlockedAdd64(&ctx->Bytes, Data->Iopb->Parameters.Write.Length);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
HwPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PHW_HANDLE_CTX  ctx = NULL;
    HW_EVENT        evt;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (!NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance,
                                              FltObjects->FileObject,
                                              (PFLT_CONTEXT *)&ctx))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (ctx->Writes > 0) {
        RtlZeroMemory(&evt, sizeof(evt));
        evt.ProcessId = ctx->ProcessId;
        evt.Writes    = (ULONG)ctx->Writes;
        evt.Bytes     = (ULONGLONG)ctx->Bytes;
        RtlCopyMemory(evt.Name, ctx->Name, ctx->NameLength);
        HwDeliverEvent(&evt);
    }

    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static const FLT_CONTEXT_REGISTRATION HwContexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, NULL, sizeof(HW_HANDLE_CTX), HW_CTX_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION HwCallbacks[] = {
    { IRP_MJ_CREATE,  0, NULL,         HwPostCreate },
    { IRP_MJ_WRITE,   0, HwPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0, HwPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION HwFilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    HwContexts,
    HwCallbacks,
    HwUnload,
    NULL,                       /* InstanceSetup: attach everywhere */
    NULL,                       /* InstanceQueryTeardown */
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};
