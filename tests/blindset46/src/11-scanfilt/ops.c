#include "scanfilt.h"

static const UNICODE_STRING g_ScanExtensions[] = {
    RTL_CONSTANT_STRING(L"exe"),
    RTL_CONSTANT_STRING(L"dll"),
    RTL_CONSTANT_STRING(L"sys"),
    RTL_CONSTANT_STRING(L"scr"),
};

static BOOLEAN
SfIsScanned(
    _In_ PCUNICODE_STRING Extension
    )
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(g_ScanExtensions); i++) {
        if (RtlEqualUnicodeString(Extension, &g_ScanExtensions[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreCreate(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    // paging files, volume opens and directories are not interesting
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN) ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (g_Sf.ClientPort == NULL) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
SfPostCreate(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID CompletionContext,
    FLT_POST_OPERATION_FLAGS Flags
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    NTSTATUS status;
    ULONG verdict;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_SUPERSEDED) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status) || !SfIsScanned(&nameInfo->Extension)) {
        FltReleaseFileNameInformation(nameInfo);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    verdict = SfAskVerdict(&nameInfo->Name);
    FltReleaseFileNameInformation(nameInfo);

    if (verdict == SF_VERDICT_BLOCK) {
        SfDbg("blocking open by pid %u\n", HandleToULong(PsGetCurrentProcessId()));
        InterlockedIncrement(&g_Sf.Blocked);

        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}
