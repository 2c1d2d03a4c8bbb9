#include "delguard.h"

static BOOLEAN
DgIsProtected(
    _In_ PFLT_CALLBACK_DATA Data,
    _Out_writes_(DG_MAX_PATH) PWCHAR PathOut
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    UNICODE_STRING ext = RTL_CONSTANT_STRING(DG_PROTECTED_EXT);
    BOOLEAN result = FALSE;
    NTSTATUS status;

    PathOut[0] = L'\0';

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status))
        return FALSE;

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) && RtlEqualUnicodeString(&nameInfo->Extension, &ext, TRUE)) {
        USHORT chars = (USHORT)min(nameInfo->Name.Length / sizeof(WCHAR), DG_MAX_PATH - 1);
        RtlCopyMemory(PathOut, nameInfo->Name.Buffer, chars * sizeof(WCHAR));
        PathOut[chars] = L'\0';
        result = TRUE;
    }

    FltReleaseFileNameInformation(nameInfo);
    return result;
}

static VOID
DgReport(
    _In_ ULONG Reason,
    _In_ PCWSTR Path
    )
{
    PDG_NOTIFICATION msg;
    LARGE_INTEGER timeout;

    InterlockedIncrement(&g_Dg.Blocked);

    if (g_Dg.ClientPort == NULL)
        return;

    msg = (PDG_NOTIFICATION)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*msg), 'mNgD');
    if (msg == NULL)
        return;

    msg->ProcessId = HandleToULong(PsGetCurrentProcessId());
    msg->Reason = Reason;
    RtlCopyMemory(msg->Path, Path, sizeof(msg->Path));

    timeout.QuadPart = -10000LL * DG_SEND_TIMEOUT_MS;
    FltSendMessage(g_Dg.Filter, &g_Dg.ClientPort, msg, sizeof(*msg), NULL, NULL, &timeout);

    ExFreePoolWithTag(msg, 'mNgD');
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
DgPreCreate(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID *CompletionContext
    )
{
    WCHAR path[DG_MAX_PATH];

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (Data->RequestorMode == KernelMode)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (!FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DELETE_ON_CLOSE))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (DgIsProtected(Data, path)) {
        PT_DBG_PRINT("blocked delete-on-close of %ws\n", path);
        DgReport(1, path);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
DgPreSetInformation(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    WCHAR path[DG_MAX_PATH];
    BOOLEAN deleting = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (Data->RequestorMode == KernelMode)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (cls == FileDispositionInformation) {
        deleting = ((PFILE_DISPOSITION_INFORMATION)Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->DeleteFile;
    } else if (cls == FileDispositionInformationEx) {
        ULONG flags = ((PFILE_DISPOSITION_INFORMATION_EX)Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->Flags;
        deleting = FlagOn(flags, FILE_DISPOSITION_DELETE) ? TRUE : FALSE;
    }

    if (!deleting)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (DgIsProtected(Data, path)) {
        PT_DBG_PRINT("blocked disposition on %ws\n", path);
        DgReport(2, path);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
