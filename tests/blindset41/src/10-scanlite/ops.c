#include "scanlite.h"

static const UNICODE_STRING gBadExtensions[] = {
    RTL_CONSTANT_STRING(L"locky"),
    RTL_CONSTANT_STRING(L"crypt"),
    RTL_CONSTANT_STRING(L"wncry"),
    RTL_CONSTANT_STRING(L"encrypted"),
};

static BOOLEAN
ScanIsBadExtension(_In_ PCUNICODE_STRING Extension)
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(gBadExtensions); i++) {
        if (RtlEqualUnicodeString(Extension, &gBadExtensions[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static FLT_PREOP_CALLBACK_STATUS
ScanCheck(_Inout_ PFLT_CALLBACK_DATA Data)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    SCAN_NOTIFICATION          note;
    NTSTATUS                   status;
    BOOLEAN                    bad;
    USHORT                     chars;

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status)) {
        FltReleaseFileNameInformation(nameInfo);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    bad = ScanIsBadExtension(&nameInfo->Extension);
    if (bad) {
        RtlZeroMemory(&note, sizeof(note));
        note.ProcessId = FltGetRequestorProcessId(Data);
        note.Blocked = TRUE;
        chars = nameInfo->Name.Length / sizeof(WCHAR);
        if (chars > SCAN_MAX_NAME - 1) {
            chars = SCAN_MAX_NAME - 1;
        }
        RtlCopyMemory(note.Name, nameInfo->Name.Buffer, chars * sizeof(WCHAR));

        SCAN_PRINT(DBG_TRACE, ("scanlite: deny %wZ pid %lu\n", &nameInfo->Name, note.ProcessId));
        ScanPortNotify(&note);
        InterlockedIncrement(&gScan.BlockedCount);
    }

    FltReleaseFileNameInformation(nameInfo);

    if (bad) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
ScanPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
              _In_ PCFLT_RELATED_OBJECTS FltObjects,
              _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    ULONG disposition;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode ||
        FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    if (disposition == FILE_OPEN) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return ScanCheck(Data);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
ScanPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data,
               _In_ PCFLT_RELATED_OBJECTS FltObjects,
               _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    FILE_INFORMATION_CLASS cls;
    PFILE_RENAME_INFORMATION rename;
    PFLT_FILE_NAME_INFORMATION target = NULL;
    NTSTATUS status;
    BOOLEAN bad = FALSE;

    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    if (cls != FileRenameInformation && cls != FileRenameInformationEx) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    rename = (PFILE_RENAME_INFORMATION)Data->Iopb->Parameters.SetFileInformation.InfoBuffer;

    status = FltGetDestinationFileNameInformation(FltObjects->Instance,
                                                  FltObjects->FileObject,
                                                  rename->RootDirectory,
                                                  rename->FileName,
                                                  rename->FileNameLength,
                                                  FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                                  &target);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (NT_SUCCESS(FltParseFileNameInformation(target))) {
        bad = ScanIsBadExtension(&target->Extension);
    }
    FltReleaseFileNameInformation(target);

    if (bad) {
        InterlockedIncrement(&gScan.BlockedCount);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
