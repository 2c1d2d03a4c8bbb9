#include "fileaudit.h"

static BOOLEAN FaShouldReport(PFLT_CALLBACK_DATA Data)
{
    if (Globals.ClientPort == NULL) {
        return FALSE;           // nobody listening
    }
    if (Data->RequestorMode == KernelMode) {
        return FALSE;
    }
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE)) {
        return FALSE;
    }
    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FALSE;
    }
    return TRUE;
}

FLT_PREOP_CALLBACK_STATUS
FLTAPI
FaPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFA_NOTIFICATION msg;
    LARGE_INTEGER timeout;
    USHORT bytes;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (!FaShouldReport(Data)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    msg = (PFA_NOTIFICATION)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FA_NOTIFICATION), FA_TAG);
    if (msg == NULL) {
        InterlockedIncrement(&Globals.Dropped);
        FltReleaseFileNameInformation(nameInfo);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    msg->ProcessId = FltGetRequestorProcessId(Data);
    msg->CreateDisposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    msg->DesiredAccess = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;

    bytes = nameInfo->Name.Length;
    if (bytes > (FA_PATH_CHARS - 1) * sizeof(WCHAR)) {
        bytes = (FA_PATH_CHARS - 1) * sizeof(WCHAR);
    }
    RtlCopyMemory(msg->Path, nameInfo->Name.Buffer, bytes);
    msg->Path[bytes / sizeof(WCHAR)] = L'\0';
    msg->PathBytes = bytes;

    FltReleaseFileNameInformation(nameInfo);

    timeout.QuadPart = -10LL * 1000 * FA_SEND_TIMEOUT_MS;
    status = FltSendMessage(Globals.Filter,
                            &Globals.ClientPort,
                            msg,
                            sizeof(FA_NOTIFICATION),
                            NULL,
                            NULL,
                            &timeout);
    if (status == STATUS_SUCCESS) {
        InterlockedIncrement(&Globals.Sent);
    } else {
        InterlockedIncrement(&Globals.Dropped);
    }

    ExFreePoolWithTag(msg, FA_TAG);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
