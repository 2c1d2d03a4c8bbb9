#include "lockflt.h"

static BOOLEAN
LfIsLockedName(
    _In_ PFLT_CALLBACK_DATA Data
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    UNICODE_STRING locked = RTL_CONSTANT_STRING(LOCKFLT_EXTENSION);
    BOOLEAN result = FALSE;
    NTSTATUS status;

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FALSE;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status)) {
        result = RtlEqualUnicodeString(&nameInfo->Extension, &locked, TRUE);
    }

    FltReleaseFileNameInformation(nameInfo);
    return result;
}

static FLT_PREOP_CALLBACK_STATUS
LfDeny(
    _Inout_ PFLT_CALLBACK_DATA Data
    )
{
    InterlockedIncrement(&g_Lock.Denied);
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
LfPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    ACCESS_MASK desired;
    ULONG options;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (!g_Lock.Enabled || Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    desired = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    options = Data->Iopb->Parameters.Create.Options;

    if (!(desired & (FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | WRITE_DAC | WRITE_OWNER)) &&
        !(options & FILE_DELETE_ON_CLOSE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (LfIsLockedName(Data)) {
        LF_TRACE("denied create, access 0x%08X", desired);
        return LfDeny(Data);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
LfPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (!g_Lock.Enabled || Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    switch (cls) {
    case FileDispositionInformation:
    case FileDispositionInformationEx:
    case FileRenameInformation:
    case FileRenameInformationEx:
    case FileEndOfFileInformation:
    case FileAllocationInformation:
        break;
    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (LfIsLockedName(Data)) {
        LF_TRACE("denied set information class %d", cls);
        return LfDeny(Data);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
