/*
 * comm.c - filter communication port to the user-mode scanner service
 */
#include "scanfilt.h"

static NTSTATUS FLTAPI
ScanConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    FLT_ASSERT(g_Scan.ClientPort == NULL);

    g_Scan.ScannerProcess = PsGetCurrentProcess();
    g_Scan.ClientPort = ClientPort;
    *ConnectionCookie = NULL;

    SCAN_DBG("scanner connected, pid %p", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID FLTAPI
ScanDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Scan.Filter, &g_Scan.ClientPort);
    g_Scan.ScannerProcess = NULL;

    SCAN_DBG("scanner disconnected (%ld scanned, %ld blocked)", g_Scan.Scanned, g_Scan.Blocked);
}

NTSTATUS
ScanCreatePort(_In_ PFLT_FILTER Filter)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG("FltBuildDefaultSecurityDescriptor failed 0x%08X", status);
        return status;
    }

    RtlInitUnicodeString(&portName, SCAN_PORT_NAME);
    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(Filter,
                                        &g_Scan.ServerPort,
                                        &oa,
                                        NULL,
                                        ScanConnect,
                                        ScanDisconnect,
                                        NULL,
                                        1);
    if (!NT_SUCCESS(status)) {
        SCAN_DBG("FltCreateCommunicationPort failed 0x%08X", status);
        g_Scan.ServerPort = NULL;
        return status;
    }

    FltFreeSecurityDescriptor(sd);
    return STATUS_SUCCESS;
}

VOID
ScanClosePort(VOID)
{
    if (g_Scan.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Scan.ServerPort);
        g_Scan.ServerPort = NULL;
    }
}

/*
 * Ask the scanner whether the file may be opened. Runs in the post-create
 * path at PASSIVE_LEVEL.
 */
NTSTATUS
ScanAskUser(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PFLT_FILE_NAME_INFORMATION NameInfo,
    _Out_ PBOOLEAN Block
    )
{
    PSCAN_NOTIFICATION msg;
    SCAN_REPLY reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    NTSTATUS status;

    *Block = FALSE;

    if (g_Scan.ClientPort == NULL) {
        return STATUS_PORT_DISCONNECTED;
    }

    msg = (PSCAN_NOTIFICATION)ExAllocateFromNPagedLookasideList(&g_Scan.MessageLookaside);
    if (msg == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    msg->ProcessId = FltGetRequestorProcessId(Data);
    msg->PathLength = min(NameInfo->Name.Length, (USHORT)(sizeof(msg->Path) - sizeof(WCHAR)));
    RtlCopyMemory(msg->Path, NameInfo->Name.Buffer, msg->PathLength);
    msg->Path[msg->PathLength / sizeof(WCHAR)] = UNICODE_NULL;

    timeout.QuadPart = SCAN_REPLY_TIMEOUT;
    RtlZeroMemory(&reply, sizeof(reply));

    status = FltSendMessage(g_Scan.Filter,
                            &g_Scan.ClientPort,
                            msg,
                            sizeof(SCAN_NOTIFICATION),
                            &reply,
                            &replyLength,
                            &timeout);
    if (status == STATUS_SUCCESS) {
        *Block = reply.Block;
    }

    ExFreeToNPagedLookasideList(&g_Scan.MessageLookaside, msg);
    InterlockedIncrement(&g_Scan.Scanned);
    return status;
}
