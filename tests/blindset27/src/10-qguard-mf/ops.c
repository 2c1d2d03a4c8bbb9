/*
 * ops.c - instance callbacks, stream contexts and I/O callbacks.
 */
#include "qguard.h"

NTSTATUS
QgInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM ||
        (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static BOOLEAN
QgIsWatched(_In_ PFLT_CALLBACK_DATA Data)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN watched = FALSE;

    if (!NT_SUCCESS(FltGetFileNameInformation(Data,
                                              FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              &nameInfo))) {
        return FALSE;
    }
    if (NT_SUCCESS(FltParseFileNameInformation(nameInfo))) {
        watched = RtlEqualUnicodeString(&nameInfo->Extension, &g_Qg.Config.Extension, TRUE);
    }
    FltReleaseFileNameInformation(nameInfo);
    return watched;
}

static FLT_POSTOP_CALLBACK_STATUS
QgPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    PQG_STREAM_CONTEXT ctx = NULL;
    BOOLEAN isDirectory = FALSE;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDirectory);
    if (!NT_SUCCESS(status) || isDirectory || !QgIsWatched(Data)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(g_Qg.Filter, FLT_STREAM_CONTEXT, sizeof(QG_STREAM_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    if (!NT_SUCCESS(status) && status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL,
                   "QuotaGuard: FltSetStreamContext 0x%08X\n", status);
    }

    /* Drop the allocation reference; the stream holds its own if the set worked. */
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS
QgPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    PQG_STREAM_CONTEXT ctx = NULL;

    *CompletionContext = NULL;
    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&ctx))) {
        InterlockedAdd64(&ctx->BytesWritten, Data->Iopb->Parameters.Write.Length);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS
QgPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    PQG_STREAM_CONTEXT ctx = NULL;
    LONG64 written;

    *CompletionContext = NULL;
    if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                        (PFLT_CONTEXT *)&ctx))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    written = InterlockedCompareExchange64(&ctx->BytesWritten, 0, 0);
    if ((ULONGLONG)written >= g_Qg.Config.ThresholdBytes &&
        InterlockedCompareExchange(&ctx->Reported, 1, 0) == 0) {
        QgNotifyService(Data, (ULONGLONG)written);
    }

    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_CONTEXT_REGISTRATION QgContexts[] = {
    { FLT_STREAM_CONTEXT, 0, NULL, sizeof(QG_STREAM_CONTEXT), QG_TAG_CONTEXT },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION QgOperations[] = {
    { IRP_MJ_CREATE,  0, NULL,         QgPostCreate },
    { IRP_MJ_WRITE,   0, QgPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0, QgPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};
