/*
 * scan.c - ask the user-mode scanner about every newly opened file
 */
#include "fltscan.h"

static BOOLEAN
FsShouldScan(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    BOOLEAN isDir = FALSE;

    if (InterlockedCompareExchange(&g_Fs.Enabled, 0, 0) == 0) {
        return FALSE;
    }
    if (g_Fs.ClientPort == NULL || IoThreadToProcess(Data->Thread) == g_Fs.ClientProcess) {
        return FALSE;           /* never scan on behalf of the scanner itself */
    }
    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FALSE;
    }
    if (FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FALSE;
    }
    if (NT_SUCCESS(FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDir)) && isDir) {
        return FALSE;
    }
    return TRUE;
}

FLT_POSTOP_CALLBACK_STATUS
FsPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
             _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext,
             _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFS_SCAN_REQUEST req = NULL;
    FS_SCAN_REPLY reply;
    ULONG replyLen = sizeof(reply);
    LARGE_INTEGER timeout;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!FsShouldScan(Data, FltObjects)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    req = (PFS_SCAN_REQUEST)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FS_SCAN_REQUEST), FS_TAG);
    if (req == NULL) {
        goto out;
    }

    req->ProcessId = HandleToULong(PsGetCurrentProcessId());
    req->PathLength = min(nameInfo->Name.Length, (USHORT)(sizeof(req->Path) - sizeof(WCHAR)));
    RtlCopyMemory(req->Path, nameInfo->Name.Buffer, req->PathLength);

    RtlZeroMemory(&reply, sizeof(reply));
    timeout.QuadPart = -10000LL * FS_SCAN_TIMEOUT_MS;

    status = FltSendMessage(g_Fs.Filter, &g_Fs.ClientPort,
                            req, sizeof(FS_SCAN_REQUEST),
                            &reply, &replyLen, &timeout);
    InterlockedIncrement(&g_Fs.Stats.Scanned);

    if (status == STATUS_TIMEOUT) {
        InterlockedIncrement(&g_Fs.Stats.Timeouts);
    } else if (NT_SUCCESS(status) && reply.Block) {
        FS_TRACE(FS_TRACE_SCAN, ("fltscan: blocking %wZ\n", &nameInfo->Name));
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        InterlockedIncrement(&g_Fs.Stats.Blocked);
    }

out:
    if (req != NULL) {
        ExFreePoolWithTag(req, FS_TAG);
    }
    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
