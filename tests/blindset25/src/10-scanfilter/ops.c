/*++
    ops.c - create / write / cleanup callbacks and the stream context

    Copyright (c) ScanFilter authors. Licensed under the Apache License 2.0.
--*/
#include "scanfilter.h"

static FLT_POSTOP_CALLBACK_STATUS SfPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS SfPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
static FLT_PREOP_CALLBACK_STATUS SfPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

#pragma alloc_text(PAGE, SfPostCreate)
#pragma alloc_text(PAGE, SfPreCleanup)

const FLT_OPERATION_REGISTRATION SfOperations[] = {
    { IRP_MJ_CREATE,  0, NULL,         SfPostCreate },
    { IRP_MJ_WRITE,   0, SfPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0, SfPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION SfContexts[] = {
    /* nothing lives outside the context itself, so no cleanup callback */
    { FLT_STREAM_CONTEXT, 0, NULL, sizeof(SF_STREAM_CONTEXT), SF_CTX_TAG },
    { FLT_CONTEXT_END }
};

static FLT_POSTOP_CALLBACK_STATUS SfPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PSF_STREAM_CONTEXT context = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);
    PAGED_CODE();

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status) || !SfIsWatchedExtension(&nameInfo->Extension)) {
        goto Exit;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT, sizeof(SF_STREAM_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&context);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    RtlZeroMemory(context, sizeof(SF_STREAM_CONTEXT));
    RtlStringCchCopyNW(context->FileName, SF_NAME_CHARS, nameInfo->Name.Buffer,
                       nameInfo->Name.Length / sizeof(WCHAR));

    /* STATUS_FLT_CONTEXT_ALREADY_DEFINED just means another open won the race */
    (VOID)FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                              FLT_SET_CONTEXT_KEEP_IF_EXISTS, context, NULL);
    FltReleaseContext(context);

Exit:
    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS SfPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PSF_STREAM_CONTEXT context = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&context))) {
        InterlockedExchange(&context->Modified, 1);
        FltReleaseContext(context);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS SfPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PSF_STREAM_CONTEXT context = NULL;

    UNREFERENCED_PARAMETER(Data);
    PAGED_CODE();
    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&context))) {
        if (InterlockedExchange(&context->Modified, 0) != 0) {
            (VOID)SfNotifyScanner(context);
        }
        FltReleaseContext(context);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
