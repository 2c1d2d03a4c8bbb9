/*++
Module Name:
    ops.c

Abstract:
    I/O callbacks and stream handle context management.
--*/
#include "scanflt.h"

static
NTSTATUS
SfCheckExtension(
    _In_ PFLT_CALLBACK_DATA Data,
    _Out_ PBOOLEAN Interesting
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SfCheckExtension)
#pragma alloc_text(PAGE, SfPostCreate)
#pragma alloc_text(PAGE, SfPreCleanup)
#pragma alloc_text(PAGE, SfStreamHandleContextCleanup)
#endif

static const UNICODE_STRING s_Extensions[] = {
    RTL_CONSTANT_STRING(L"doc"),
    RTL_CONSTANT_STRING(L"docm"),
    RTL_CONSTANT_STRING(L"js"),
    RTL_CONSTANT_STRING(L"ps1"),
    RTL_CONSTANT_STRING(L"vbs"),
};

static
_Use_decl_annotations_
NTSTATUS
SfCheckExtension(
    PFLT_CALLBACK_DATA Data,
    PBOOLEAN           Interesting
    )
{
    NTSTATUS                   status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    ULONG                      i;

    PAGED_CODE();

    *Interesting = FALSE;

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED |
                                           FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status)) {
        for (i = 0; i < RTL_NUMBER_OF(s_Extensions); i++) {
            if (RtlCompareUnicodeString(&nameInfo->Extension,
                                        &s_Extensions[i],
                                        TRUE) == 0) {
                *Interesting = TRUE;
                break;
            }
        }
    }

    FltReleaseFileNameInformation(nameInfo);
    return status;
}

_Use_decl_annotations_
FLT_POSTOP_CALLBACK_STATUS FLTAPI
SfPostCreate(
    PFLT_CALLBACK_DATA       Data,
    PCFLT_RELATED_OBJECTS    FltObjects,
    PVOID                    CompletionContext,
    FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS                 status;
    BOOLEAN                  interesting = FALSE;
    BOOLEAN                  safe = TRUE;
    PSF_STREAMHANDLE_CONTEXT shCtx = NULL;

    UNREFERENCED_PARAMETER(CompletionContext);

    PAGED_CODE();

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_DOES_NOT_EXIST ||
        g_Sf.ClientPort == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = SfCheckExtension(Data, &interesting);
    if (!NT_SUCCESS(status) || !interesting) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    (VOID)SfScanFileInUserMode(FltObjects->Instance, FltObjects->FileObject, &safe);

    if (!safe) {
        SF_TRACE(SF_DBG_OPS, "blocking open of flagged file");
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!FlagOn(Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess,
                FILE_WRITE_DATA | FILE_APPEND_DATA)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(FltObjects->Filter,
                                FLT_STREAMHANDLE_CONTEXT,
                                sizeof(SF_STREAMHANDLE_CONTEXT),
                                PagedPool,
                                (PFLT_CONTEXT *)&shCtx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    shCtx->RescanRequired = FALSE;
    shCtx->WriteCount = 0;

    status = FltSetStreamHandleContext(FltObjects->Instance,
                                       FltObjects->FileObject,
                                       FLT_SET_CONTEXT_REPLACE_IF_EXISTS,
                                       shCtx,
                                       NULL);
    if (!NT_SUCCESS(status)) {
        SF_TRACE(SF_DBG_OPS, "set stream handle ctx 0x%08X", status);
    }

    FltReleaseContext(shCtx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

_Use_decl_annotations_
FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreWrite(
    PFLT_CALLBACK_DATA    Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID                *CompletionContext
    )
{
    NTSTATUS                 status;
    PSF_STREAMHANDLE_CONTEXT shCtx = NULL;

    UNREFERENCED_PARAMETER(Data);

    *CompletionContext = NULL;

    status = FltGetStreamHandleContext(FltObjects->Instance,
                                       FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&shCtx);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    //
    // Benign race: the flag only ever transitions FALSE -> TRUE while the
    // handle is open.
    //
    shCtx->RescanRequired = TRUE;
    InterlockedIncrement((volatile LONG *)&shCtx->WriteCount);

    FltReleaseContext(shCtx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

_Use_decl_annotations_
FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreCleanup(
    PFLT_CALLBACK_DATA    Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID                *CompletionContext
    )
{
    NTSTATUS                 status;
    PSF_STREAMHANDLE_CONTEXT shCtx = NULL;
    BOOLEAN                  safe = TRUE;

    UNREFERENCED_PARAMETER(Data);

    PAGED_CODE();

    *CompletionContext = NULL;

    status = FltGetStreamHandleContext(FltObjects->Instance,
                                       FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&shCtx);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (shCtx->RescanRequired) {
        (VOID)SfScanFileInUserMode(FltObjects->Instance,
                                   FltObjects->FileObject,
                                   &safe);
        if (!safe) {
            SF_TRACE(SF_DBG_OPS, "file flagged after %lu writes", shCtx->WriteCount);
        }
    }

    FltReleaseContext(shCtx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

_Use_decl_annotations_
VOID FLTAPI
SfStreamHandleContextCleanup(
    PFLT_CONTEXT     Context,
    FLT_CONTEXT_TYPE ContextType
    )
{
    PSF_STREAMHANDLE_CONTEXT shCtx = (PSF_STREAMHANDLE_CONTEXT)Context;

    PAGED_CODE();

    NT_ASSERT(ContextType == FLT_STREAMHANDLE_CONTEXT);
    UNREFERENCED_PARAMETER(ContextType);

    SF_TRACE(SF_DBG_OPS, "stream handle ctx released, writes=%lu", shCtx->WriteCount);
}
