#include "ctxscan.h"

static FLT_PREOP_CALLBACK_STATUS
CsPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

static FLT_POSTOP_CALLBACK_STATUS
CsPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

const FLT_OPERATION_REGISTRATION CsCallbacks[] = {
    { IRP_MJ_CREATE, 0, CsPreCreate, CsPostCreate },
    { IRP_MJ_OPERATION_END }
};

static FLT_PREOP_CALLBACK_STATUS
CsPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SYNCHRONIZE;
}

static FLT_POSTOP_CALLBACK_STATUS
CsPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PCS_STREAM_CONTEXT sc = NULL;
    BOOLEAN created = FALSE;
    ACCESS_MASK desired;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = CsFindOrCreateStreamContext(Data, &sc, &created);
    if (!NT_SUCCESS(status)) {
        CS_LOG(DBG_TRACE_ERRORS, "no stream ctx, 0x%08X", status);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    InterlockedIncrement(&sc->OpenCount);

    desired = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (FlagOn(desired, FILE_WRITE_DATA | FILE_APPEND_DATA)) {
        InterlockedIncrement(&sc->WriteOpens);

        if (!sc->NameValid) {
            status = FltGetFileNameInformation(Data,
                                               FLT_FILE_NAME_NORMALIZED |
                                               FLT_FILE_NAME_QUERY_DEFAULT,
                                               &nameInfo);
            if (NT_SUCCESS(status)) {
                status = FltParseFileNameInformation(nameInfo);
                if (NT_SUCCESS(status)) {
                    (VOID)CsSetStreamName(sc, &nameInfo->Name);
                    CS_LOG(DBG_TRACE_ROUTINES, "write open %wZ (new=%d)",
                           &nameInfo->Name, created);
                }
                FltReleaseFileNameInformation(nameInfo);
            }
        }
    }

    FltReleaseContext(sc);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
