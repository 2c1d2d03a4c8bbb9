// ops.c - I/O callbacks. A stream handle context remembers whether the handle
// wrote to the file; at cleanup a "modified" record is sent once.

#include "fsaudit.h"

FLT_POSTOP_CALLBACK_STATUS FLTAPI
FsaPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    PFSA_HANDLE_CONTEXT ctx = NULL;
    ULONG pid;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    pid = FltGetRequestorProcessId(Data);

    status = FltAllocateContext(g_Fsa.Filter, FLT_STREAMHANDLE_CONTEXT,
                                sizeof(FSA_HANDLE_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT*)&ctx);
    if (NT_SUCCESS(status)) {
        ctx->OpenerProcessId = pid;
        ctx->Modified = 0;

        status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                           FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
        // on failure the context is freed by the release below
        FltReleaseContext(ctx);
    }

    if (FlagOn(g_Fsa.AuditMask, FSA_EVENT_OPEN)) {
        FsaSendRecord(Data, FSA_EVENT_OPEN, pid);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsaPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFSA_HANDLE_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                             (PFLT_CONTEXT*)&ctx))) {
        InterlockedExchange(&ctx->Modified, 1);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsaPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    PVOID info = Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
    BOOLEAN deleting = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (!FlagOn(g_Fsa.AuditMask, FSA_EVENT_DELETED)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (cls == FileDispositionInformation) {
        deleting = ((PFILE_DISPOSITION_INFORMATION)info)->DeleteFile;
    } else if (cls == FileDispositionInformationEx) {
        deleting = FlagOn(((PFILE_DISPOSITION_INFORMATION_EX)info)->Flags, FILE_DISPOSITION_DELETE) != 0;
    }

    if (deleting) {
        FsaSendRecord(Data, FSA_EVENT_DELETED, FltGetRequestorProcessId(Data));
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsaPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFSA_HANDLE_CONTEXT ctx = NULL;

    *CompletionContext = NULL;

    if (!NT_SUCCESS(FltGetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                              (PFLT_CONTEXT*)&ctx))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (InterlockedExchange(&ctx->Modified, 0) != 0 && FlagOn(g_Fsa.AuditMask, FSA_EVENT_MODIFIED)) {
        FsaSendRecord(Data, FSA_EVENT_MODIFIED, ctx->OpenerProcessId);
    }

    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
