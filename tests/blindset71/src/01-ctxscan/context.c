#include "ctxscan.h"

static VOID
CsStreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CsStreamContextCleanup)
#pragma alloc_text(PAGE, CsFindOrCreateStreamContext)
#pragma alloc_text(PAGE, CsSetStreamName)
#endif

//
// Contexts we use.  Stream contexts carry the name buffer, stream handle
// contexts are plain data and need no cleanup.
//
const FLT_CONTEXT_REGISTRATION CsContextRegistration[] = {

    { FLT_STREAM_CONTEXT,
      0,
      CsStreamContextCleanup,
      sizeof(CS_STREAM_CONTEXT),
      CTXSCAN_TAG_STREAM },

    { FLT_STREAMHANDLE_CONTEXT,
      0,
      NULL,
      sizeof(CS_HANDLE_CONTEXT),
      CTXSCAN_TAG_HANDLE },
};

static VOID
CsStreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    PCS_STREAM_CONTEXT sc = (PCS_STREAM_CONTEXT)Context;

    UNREFERENCED_PARAMETER(ContextType);
    PAGED_CODE();

    if (sc->Name.Buffer != NULL) {
        ExFreePoolWithTag(sc->Name.Buffer, CTXSCAN_TAG_NAME);
        sc->Name.Buffer = NULL;
    }
    InterlockedDecrement(&g_Ctx.StreamsTracked);

    CS_LOG(DBG_TRACE_CONTEXT, "stream ctx %p cleaned up", sc);
}

NTSTATUS
CsFindOrCreateStreamContext(
    _In_ PFLT_CALLBACK_DATA Data,
    _Outptr_ PCS_STREAM_CONTEXT *StreamContext,
    _Out_opt_ PBOOLEAN Created
    )
{
    NTSTATUS status;
    PCS_STREAM_CONTEXT sc = NULL;
    PCS_STREAM_CONTEXT old = NULL;

    PAGED_CODE();

    *StreamContext = NULL;
    if (Created) {
        *Created = FALSE;
    }

    status = FltGetStreamContext(Data->Iopb->TargetInstance,
                                 Data->Iopb->TargetFileObject,
                                 (PFLT_CONTEXT *)&sc);
    if (NT_SUCCESS(status)) {
        *StreamContext = sc;
        return status;
    }
    if (status != STATUS_NOT_FOUND) {
        return status;
    }

    status = FltAllocateContext(g_Ctx.Filter,
                                FLT_STREAM_CONTEXT,
                                sizeof(CS_STREAM_CONTEXT),
                                PagedPool,
                                (PFLT_CONTEXT *)&sc);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(sc, sizeof(CS_STREAM_CONTEXT));

    status = FltSetStreamContext(Data->Iopb->TargetInstance,
                                 Data->Iopb->TargetFileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                 sc,
                                 (PFLT_CONTEXT *)&old);
    if (!NT_SUCCESS(status)) {
        FltReleaseContext(sc);
        if (status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
            return status;
        }
        /* somebody raced us; use theirs */
        *StreamContext = old;
        return STATUS_SUCCESS;
    }

    InterlockedIncrement(&g_Ctx.StreamsTracked);
    if (Created) {
        *Created = TRUE;
    }
    *StreamContext = sc;
    return STATUS_SUCCESS;
}

NTSTATUS
CsSetStreamName(
    _Inout_ PCS_STREAM_CONTEXT StreamContext,
    _In_ PCUNICODE_STRING Name
    )
{
    PWCH buf;

    PAGED_CODE();

    if (StreamContext->NameValid) {
        return STATUS_SUCCESS;
    }
    if (Name->Length == 0 || Name->Length > CTXSCAN_MAX_NAME_BYTES) {
        return STATUS_NAME_TOO_LONG;
    }

    buf = (PWCH)ExAllocatePoolWithTag(PagedPool, Name->Length, CTXSCAN_TAG_NAME);
    if (buf == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buf, Name->Buffer, Name->Length);

    StreamContext->Name.Buffer = buf;
    StreamContext->Name.Length = Name->Length;
    StreamContext->Name.MaximumLength = Name->Length;
    StreamContext->NameValid = TRUE;
    return STATUS_SUCCESS;
}
