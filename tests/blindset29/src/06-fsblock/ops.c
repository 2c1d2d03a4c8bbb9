#include "fsblock.h"

static const UNICODE_STRING g_Protected[] = {
    RTL_CONSTANT_STRING(L"docx"),
    RTL_CONSTANT_STRING(L"xlsx"),
    RTL_CONSTANT_STRING(L"pptx"),
    RTL_CONSTANT_STRING(L"pdf"),
    RTL_CONSTANT_STRING(L"jpg"),
    RTL_CONSTANT_STRING(L"png"),
    RTL_CONSTANT_STRING(L"txt"),
};

BOOLEAN
FsbIsTrusted(ULONG Pid)
{
    BOOLEAN trusted = FALSE;
    ULONG i;

    if (Pid == 4) {     // System
        return TRUE;
    }

    FltAcquirePushLockShared(&g_Fsb.TrustLock);
    for (i = 0; i < g_Fsb.TrustedCount; i++) {
        if (g_Fsb.Trusted[i] == Pid) {
            trusted = TRUE;
            break;
        }
    }
    FltReleasePushLock(&g_Fsb.TrustLock);
    return trusted;
}

static BOOLEAN
FsbIsProtectedFile(PFLT_CALLBACK_DATA Data)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN result = FALSE;
    ULONG i;

    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo))) {
        return FALSE;
    }
    if (NT_SUCCESS(FltParseFileNameInformation(nameInfo))) {
        for (i = 0; i < ARRAYSIZE(g_Protected); i++) {
            if (RtlEqualUnicodeString(&nameInfo->Extension, &g_Protected[i], TRUE)) {
                result = TRUE;
                break;
            }
        }
    }
    FltReleaseFileNameInformation(nameInfo);
    return result;
}

static FLT_PREOP_CALLBACK_STATUS
FsbDeny(PFLT_CALLBACK_DATA Data)
{
    InterlockedIncrement(&g_Fsb.Blocked);
    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

static BOOLEAN
FsbShouldCheck(PFLT_CALLBACK_DATA Data)
{
    if (!g_Fsb.Enabled || Data->RequestorMode == KernelMode) {
        return FALSE;
    }
    return !FsbIsTrusted(FltGetRequestorProcessId(Data));
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsbPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    ULONG disposition, options;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (!FsbShouldCheck(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    options = Data->Iopb->Parameters.Create.Options;
    disposition = (options >> 24) & 0xFF;

    // overwrite / supersede / delete-on-close are all destructive
    if ((options & FILE_DELETE_ON_CLOSE) ||
        disposition == FILE_OVERWRITE || disposition == FILE_OVERWRITE_IF || disposition == FILE_SUPERSEDE) {
        if (FsbIsProtectedFile(Data)) {
            return FsbDeny(Data);
        }
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsbPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO) || !FsbShouldCheck(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (FsbIsProtectedFile(Data)) {
        return FsbDeny(Data);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsbPreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (cls != FileRenameInformation && cls != FileRenameInformationEx &&
        cls != FileDispositionInformation && cls != FileDispositionInformationEx) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!FsbShouldCheck(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (FsbIsProtectedFile(Data)) {
        return FsbDeny(Data);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
