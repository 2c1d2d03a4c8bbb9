/*++

Copyright (c) Northwind Security.  All rights reserved.

Module Name:

    operations.c

Abstract:

    Operation callbacks and context management for the audit minifilter.

    Create      - attaches a stream context carrying the normalized name.
    Write       - marks the stream modified.
    Cleanup     - reports a modified stream once per modification burst.
    SetInfo     - reports deletes and renames after they succeed.

Environment:

    Kernel mode.

--*/

#include "audflt.h"

typedef struct _AUD_SETINFO_COMPLETION {
    AUD_EVENT_TYPE              Type;
    PFLT_FILE_NAME_INFORMATION  NameInformation;
} AUD_SETINFO_COMPLETION, *PAUD_SETINFO_COMPLETION;

#define AUD_TAG_COMPLETION 'cduA'

static
NTSTATUS
AudCreateStreamContext(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Outptr_ PAUD_STREAM_CONTEXT *StreamContext
    );

static
FLT_POSTOP_CALLBACK_STATUS
AudPostSetInformationWhenSafe(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

static
VOID
AudFreeSetInfoCompletion(
    _In_ PAUD_SETINFO_COMPLETION Completion
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AudPreCreate)
#pragma alloc_text(PAGE, AudPreSetInformation)
#pragma alloc_text(PAGE, AudPreCleanup)
#pragma alloc_text(PAGE, AudCreateStreamContext)
#pragma alloc_text(PAGE, AudPostSetInformationWhenSafe)
#pragma alloc_text(PAGE, AudInstanceContextCleanup)
#pragma alloc_text(PAGE, AudStreamContextCleanup)
#endif


static
BOOLEAN
AudIsAuditing(
    _In_ ULONG Bit
    )
{
    return (!g_Aud.Paused && FlagOn(g_Aud.AuditMask, Bit));
}


static
NTSTATUS
AudCreateStreamContext(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Outptr_ PAUD_STREAM_CONTEXT *StreamContext
    )
/*++

Routine Description:

    Finds the stream context for the file just opened, creating and
    attaching one (with the normalized file name) if none exists yet.
    On success the caller owns one reference.

--*/
{
    NTSTATUS status;
    PAUD_STREAM_CONTEXT newContext = NULL;
    PAUD_STREAM_CONTEXT oldContext = NULL;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;

    PAGED_CODE();

    *StreamContext = NULL;

    status = FltGetStreamContext(FltObjects->Instance,
                                 FltObjects->FileObject,
                                 (PFLT_CONTEXT *)&oldContext);
    if (NT_SUCCESS(status)) {
        *StreamContext = oldContext;
        return STATUS_SUCCESS;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltAllocateContext(FltObjects->Filter,
                                FLT_STREAM_CONTEXT,
                                sizeof(AUD_STREAM_CONTEXT),
                                NonPagedPoolNx,
                                (PFLT_CONTEXT *)&newContext);
    if (!NT_SUCCESS(status)) {
        FltReleaseFileNameInformation(nameInfo);
        return status;
    }

    RtlZeroMemory(newContext, sizeof(*newContext));

    newContext->FileName.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                        nameInfo->Name.Length,
                                                        AUD_TAG_NAME);
    if (newContext->FileName.Buffer != NULL) {
        newContext->FileName.MaximumLength = nameInfo->Name.Length;
        RtlCopyUnicodeString(&newContext->FileName, &nameInfo->Name);
    }

    FltReleaseFileNameInformation(nameInfo);

    status = FltSetStreamContext(FltObjects->Instance,
                                 FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                 newContext,
                                 (PFLT_CONTEXT *)&oldContext);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        //
        // Lost the race with another open of the same stream; use the
        // winner's context.  Releasing ours frees it (and its name).
        //
        FltReleaseContext(newContext);
        *StreamContext = oldContext;
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(status)) {
        FltReleaseContext(newContext);
        return status;
    }

    InterlockedIncrement64(&g_Aud.Stats.StreamContextsCreated);

    *StreamContext = newContext;
    return STATUS_SUCCESS;
}


FLT_PREOP_CALLBACK_STATUS
AudPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(FltObjects);

    *CompletionContext = NULL;

    if (!AudIsAuditing(AUD_AUDIT_MODIFY | AUD_AUDIT_DELETE | AUD_AUDIT_RENAME)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE) ||
        FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}


FLT_POSTOP_CALLBACK_STATUS
AudPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
/*++

Routine Description:

    Post-create runs at PASSIVE_LEVEL for IRP_MJ_CREATE, so the name
    query and context allocation can happen here directly.

--*/
{
    NTSTATUS status;
    PAUD_STREAM_CONTEXT streamContext = NULL;
    BOOLEAN isDirectory = FALSE;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDirectory);
    if (!NT_SUCCESS(status) || isDirectory) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = AudCreateStreamContext(Data, FltObjects, &streamContext);
    if (!NT_SUCCESS(status)) {
        AUD_DBG(AUD_DBG_CONTEXT, "no stream context 0x%08X", status);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    InterlockedIncrement(&streamContext->OpenCount);

    //
    // Overwrite / supersede dispositions modify the file at open time.
    //
    if (Data->IoStatus.Information == FILE_OVERWRITTEN ||
        Data->IoStatus.Information == FILE_SUPERSEDED) {
        InterlockedExchange(&streamContext->Modified, 1);
    }

    FltReleaseContext(streamContext);

    return FLT_POSTOP_FINISHED_PROCESSING;
}


FLT_PREOP_CALLBACK_STATUS
AudPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
/*++

Routine Description:

    May run at APC_LEVEL (or DISPATCH_LEVEL for some FSD-generated
    writes), so only context lookup and an interlocked flag.

--*/
{
    PAUD_STREAM_CONTEXT streamContext = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Data);

    *CompletionContext = NULL;

    if (!AudIsAuditing(AUD_AUDIT_MODIFY)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetStreamContext(FltObjects->Instance,
                                 FltObjects->FileObject,
                                 (PFLT_CONTEXT *)&streamContext);
    if (NT_SUCCESS(status)) {
        InterlockedExchange(&streamContext->Modified, 1);
        FltReleaseContext(streamContext);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}


FLT_PREOP_CALLBACK_STATUS
AudPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PAUD_STREAM_CONTEXT streamContext = NULL;
    PAUD_INSTANCE_CONTEXT instanceContext = NULL;
    NTSTATUS status;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(Data);

    *CompletionContext = NULL;

    status = FltGetStreamContext(FltObjects->Instance,
                                 FltObjects->FileObject,
                                 (PFLT_CONTEXT *)&streamContext);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    InterlockedDecrement(&streamContext->OpenCount);

    if (InterlockedExchange(&streamContext->Modified, 0) != 0 &&
        AudIsAuditing(AUD_AUDIT_MODIFY) &&
        streamContext->FileName.Buffer != NULL) {

        status = FltGetInstanceContext(FltObjects->Instance,
                                       (PFLT_CONTEXT *)&instanceContext);
        if (NT_SUCCESS(status)) {
            AudSendEvent(AudEventModified, instanceContext, &streamContext->FileName);
            FltReleaseContext(instanceContext);
        }
    }

    FltReleaseContext(streamContext);

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}


FLT_PREOP_CALLBACK_STATUS
AudPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
/*++

Routine Description:

    Captures the name involved in a delete or rename so the post
    operation can report it once the file system has accepted it.

--*/
{
    NTSTATUS status;
    PAUD_SETINFO_COMPLETION completion;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    FILE_INFORMATION_CLASS infoClass = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    AUD_EVENT_TYPE type;

    PAGED_CODE();

    *CompletionContext = NULL;

    switch (infoClass) {

    case FileDispositionInformation:
    case FileDispositionInformationEx:
        if (!AudIsAuditing(AUD_AUDIT_DELETE)) {
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
        type = AudEventDeleted;
        status = FltGetFileNameInformation(Data,
                                           FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                           &nameInfo);
        break;

    case FileRenameInformation:
    case FileRenameInformationEx:
        if (!AudIsAuditing(AUD_AUDIT_RENAME)) {
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
        type = AudEventRenamed;
        status = FltGetDestinationFileNameInformation(
                     FltObjects->Instance,
                     FltObjects->FileObject,
                     Data->Iopb->Parameters.SetFileInformation.ParentOfTarget,
                     ((PFILE_RENAME_INFORMATION)Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->FileName,
                     ((PFILE_RENAME_INFORMATION)Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->FileNameLength,
                     FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                     &nameInfo);
        break;

    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    completion = (PAUD_SETINFO_COMPLETION)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                          sizeof(AUD_SETINFO_COMPLETION),
                                                          AUD_TAG_COMPLETION);
    if (completion == NULL) {
        FltReleaseFileNameInformation(nameInfo);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    completion->Type = type;
    completion->NameInformation = nameInfo;

    *CompletionContext = completion;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}


static
VOID
AudFreeSetInfoCompletion(
    _In_ PAUD_SETINFO_COMPLETION Completion
    )
{
    if (Completion->NameInformation != NULL) {
        FltReleaseFileNameInformation(Completion->NameInformation);
    }

    ExFreePoolWithTag(Completion, AUD_TAG_COMPLETION);
}


FLT_POSTOP_CALLBACK_STATUS
AudPostSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PAUD_SETINFO_COMPLETION completion = (PAUD_SETINFO_COMPLETION)CompletionContext;
    FLT_POSTOP_CALLBACK_STATUS returnStatus = FLT_POSTOP_FINISHED_PROCESSING;

    if (completion == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        AudFreeSetInfoCompletion(completion);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    //
    // Sending a message needs PASSIVE_LEVEL; let the filter manager
    // move the rest to a worker if this completion is at raised IRQL.
    //
    if (!FltDoCompletionProcessingWhenSafe(Data,
                                           FltObjects,
                                           CompletionContext,
                                           Flags,
                                           AudPostSetInformationWhenSafe,
                                           &returnStatus)) {
        AudFreeSetInfoCompletion(completion);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    return returnStatus;
}


static
FLT_POSTOP_CALLBACK_STATUS
AudPostSetInformationWhenSafe(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PAUD_SETINFO_COMPLETION completion = (PAUD_SETINFO_COMPLETION)CompletionContext;
    PAUD_INSTANCE_CONTEXT instanceContext = NULL;
    NTSTATUS status;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(Flags);

    if (completion == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&instanceContext);
    if (NT_SUCCESS(status)) {
        AudSendEvent(completion->Type, instanceContext, &completion->NameInformation->Name);
        FltReleaseContext(instanceContext);
    }

    AudFreeSetInfoCompletion(completion);

    return FLT_POSTOP_FINISHED_PROCESSING;
}


VOID
AudInstanceContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);

    //
    // The instance context owns no separately allocated memory.
    //
}


VOID
AudStreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    PAUD_STREAM_CONTEXT streamContext = (PAUD_STREAM_CONTEXT)Context;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(ContextType);

    if (streamContext->FileName.Buffer != NULL) {
        ExFreePoolWithTag(streamContext->FileName.Buffer, AUD_TAG_NAME);
        streamContext->FileName.Buffer = NULL;
    }
}
