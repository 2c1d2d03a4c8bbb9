/*++
    ops.c - IRP_MJ_CREATE pre-operation: ask the service about .exe/.dll
--*/
#include "scanfilt.h"

static const UNICODE_STRING ScannedExtensions[] = {
    RTL_CONSTANT_STRING(L"exe"),
    RTL_CONSTANT_STRING(L"dll"),
    RTL_CONSTANT_STRING(L"sys"),
};

static BOOLEAN
ScWantExtension(
    _In_ PCUNICODE_STRING Extension
    )
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(ScannedExtensions); i++) {
        if (RtlEqualUnicodeString(Extension, &ScannedExtensions[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

FLT_PREOP_CALLBACK_STATUS
ScPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PSCAN_REQUEST              request  = NULL;
    SCAN_REPLY                 reply;
    ULONG                      replyLength;
    LARGE_INTEGER              timeout;
    NTSTATUS                   status;
    FLT_PREOP_CALLBACK_STATUS  result = FLT_PREOP_SUCCESS_NO_CALLBACK;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    // nobody to ask, or the service itself opening something
    if (g_Sc.ClientPort == NULL || IoThreadToProcess(Data->Thread) == g_Sc.ServiceProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status) || !ScWantExtension(&nameInfo->Extension)) {
        goto out;
    }

    request = (PSCAN_REQUEST)ExAllocatePoolZero(PagedPool, sizeof(SCAN_REQUEST), SCANFILT_TAG);
    if (request == NULL) {
        goto out;
    }

    request->ProcessId  = HandleToULong(PsGetCurrentProcessId());
    request->PathLength = (USHORT)min(nameInfo->Name.Length, sizeof(request->Path) - sizeof(WCHAR));
    RtlCopyMemory(request->Path, nameInfo->Name.Buffer, request->PathLength);

    InterlockedIncrement(&g_Sc.Scanned);

    timeout.QuadPart = -10000LL * SCANFILT_TIMEOUT_MS;
    replyLength = sizeof(reply);
    reply.Allow = TRUE;

    status = FltSendMessage(g_Sc.Filter, &g_Sc.ClientPort,
                            request, sizeof(SCAN_REQUEST),
                            &reply, &replyLength, &timeout);

    if (status == STATUS_SUCCESS && !reply.Allow) {
        SC_DBG("blocked %wZ\n", &nameInfo->Name);
        InterlockedIncrement(&g_Sc.Blocked);
        Data->IoStatus.Status      = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        result = FLT_PREOP_COMPLETE;
    }

out:
    if (request != NULL) {
        ExFreePoolWithTag(request, SCANFILT_TAG);
    }
    FltReleaseFileNameInformation(nameInfo);
    return result;
}
