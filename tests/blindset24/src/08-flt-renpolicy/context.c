/*++

Module Name:

    context.c

Abstract:

    Stream context management for the rename/delete policy minifilter.

Environment:

    Kernel mode

--*/

#include "fltpolicy.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FpStreamContextCleanup)
#pragma alloc_text(PAGE, FpGetOrCreateStreamContext)
#endif

VOID
FpStreamContextCleanup (
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
/*++

Routine Description:

    Called by the filter manager when the last reference to a stream
    context goes away.  Frees the name buffer; the context itself is freed
    by the filter manager.

--*/
{
    PFP_STREAM_CONTEXT streamContext = (PFP_STREAM_CONTEXT)Context;

    PAGED_CODE();

    FLT_ASSERT(ContextType == FLT_STREAM_CONTEXT);
    UNREFERENCED_PARAMETER(ContextType);

    if (streamContext->FileName.Buffer != NULL) {
        ExFreePoolWithTag(streamContext->FileName.Buffer, FP_TAG_NAME);
        streamContext->FileName.Buffer = NULL;
        streamContext->FileName.Length = 0;
        streamContext->FileName.MaximumLength = 0;
    }

    FP_TRACE(FP_DBG_CONTEXT, "stream context %p released (%ld renames, %ld deletes tried)",
             streamContext, streamContext->RenameAttempts, streamContext->DeleteAttempts);
}

static NTSTATUS
FpInitStreamContext (
    _Inout_ PFP_STREAM_CONTEXT StreamContext,
    _In_ PCUNICODE_STRING FileName
    )
{
    RtlZeroMemory(StreamContext, sizeof(*StreamContext));

    StreamContext->FileName.Buffer =
        (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, FileName->Length, FP_TAG_NAME);

    if (StreamContext->FileName.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    StreamContext->FileName.MaximumLength = FileName->Length;
    RtlCopyUnicodeString(&StreamContext->FileName, FileName);
    StreamContext->Protected = TRUE;

    return STATUS_SUCCESS;
}

NTSTATUS
FpGetOrCreateStreamContext (
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PCUNICODE_STRING FileName,
    _Outptr_ PFP_STREAM_CONTEXT *StreamContext
    )
/*++

Routine Description:

    Returns a referenced stream context for the stream Data refers to,
    creating and attaching one if none exists yet.  If another thread
    attaches a context first, that one is returned and ours is dropped.

    The caller releases the context with FltReleaseContext.

--*/
{
    NTSTATUS status;
    PFP_STREAM_CONTEXT newContext = NULL;
    PFP_STREAM_CONTEXT oldContext = NULL;

    PAGED_CODE();

    *StreamContext = NULL;

    status = FltGetStreamContext(Data->Iopb->TargetInstance,
                                 Data->Iopb->TargetFileObject,
                                 (PFLT_CONTEXT *)&oldContext);
    if (NT_SUCCESS(status)) {
        *StreamContext = oldContext;
        return STATUS_SUCCESS;
    }

    if (status != STATUS_NOT_FOUND) {
        return status;
    }

    status = FltAllocateContext(FpGlobals.Filter,
                                FLT_STREAM_CONTEXT,
                                sizeof(FP_STREAM_CONTEXT),
                                PagedPool,
                                (PFLT_CONTEXT *)&newContext);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FpInitStreamContext(newContext, FileName);
    if (!NT_SUCCESS(status)) {
        //
        //  The cleanup callback copes with a NULL name buffer.
        //
        FltReleaseContext(newContext);
        return status;
    }

    status = FltSetStreamContext(Data->Iopb->TargetInstance,
                                 Data->Iopb->TargetFileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                 newContext,
                                 (PFLT_CONTEXT *)&oldContext);

    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {

        //
        //  Lost the race; use the winner.  oldContext is referenced.
        //
        FltReleaseContext(newContext);
        *StreamContext = oldContext;
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(status)) {
        FltReleaseContext(newContext);
        return status;
    }

    //
    //  FltSetStreamContext added its own reference; the one from
    //  FltAllocateContext is handed to the caller.
    //
    *StreamContext = newContext;
    return STATUS_SUCCESS;
}
