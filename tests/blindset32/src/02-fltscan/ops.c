#include "scanner.h"

static BOOLEAN
ScanAskService(
    _In_ PFLT_INSTANCE Instance,
    _In_ PFILE_OBJECT FileObject
    )
{
    NTSTATUS status;
    BOOLEAN safe = TRUE;
    PSCANNER_NOTIFICATION notification = NULL;
    SCANNER_REPLY reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER offset, timeout;
    ULONG bytesRead = 0;

    if (ScannerData.ClientPort == NULL) {
        return TRUE;
    }

    notification = ExAllocatePoolZero(NonPagedPoolNx, sizeof(SCANNER_NOTIFICATION), SCANNER_TAG);
    if (notification == NULL) {
        return TRUE;
    }

    offset.QuadPart = 0;
    status = FltReadFile(Instance, FileObject, &offset, SCANNER_READ_BUFFER_SIZE,
                         notification->Contents,
                         FLTFL_IO_OPERATION_NON_CACHED | FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET,
                         &bytesRead, NULL, NULL);
    if (NT_SUCCESS(status) && bytesRead != 0) {
        notification->BytesToScan = bytesRead;
        timeout.QuadPart = -10000LL * SCANNER_REPLY_TIMEOUT_MS;

        status = FltSendMessage(ScannerData.Filter, &ScannerData.ClientPort,
                                notification, sizeof(SCANNER_NOTIFICATION),
                                &reply, &replyLength, &timeout);
        if (status == STATUS_SUCCESS) {
            safe = reply.SafeToOpen;
        }
    }

    ExFreePoolWithTag(notification, SCANNER_TAG);
    return safe;
}

FLT_PREOP_CALLBACK_STATUS
ScanPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    // the service's own opens are never scanned
    if (IoThreadToProcess(Data->Thread) == ScannerData.UserProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
ScanPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN safe = TRUE;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (!NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_SUPERSEDED ||
        FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    FltParseFileNameInformation(nameInfo);
    if (ScanIsWatchedExtension(&nameInfo->Extension)) {
        safe = ScanAskService(FltObjects->Instance, FltObjects->FileObject);
    }
    FltReleaseFileNameInformation(nameInfo);

    if (!safe) {
        SCAN_DBG("blocking open of %wZ\n", &Data->Iopb->TargetFileObject->FileName);
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
