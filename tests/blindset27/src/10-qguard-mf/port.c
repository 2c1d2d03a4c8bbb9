/*
 * port.c - communication port with the QuotaGuard service.
 */
#include "qguard.h"

static NTSTATUS
QgConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    NT_ASSERT(g_Qg.ClientPort == NULL);
    g_Qg.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID
QgDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    /* Also NULLs g_Qg.ClientPort, which FltSendMessage callers rely on. */
    FltCloseClientPort(g_Qg.Filter, &g_Qg.ClientPort);
}

NTSTATUS
QgCreatePort(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, QG_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Qg.Filter, &g_Qg.ServerPort, &oa, NULL,
                                        QgConnect, QgDisconnect, NULL, 1);

    /* The port keeps its own copy of the descriptor. */
    FltFreeSecurityDescriptor(sd);
    return status;
}

VOID
QgClosePort(VOID)
{
    PAGED_CODE();

    if (g_Qg.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Qg.ServerPort);
        g_Qg.ServerPort = NULL;
    }
}

VOID
QgNotifyService(_In_ PFLT_CALLBACK_DATA Data, _In_ ULONGLONG BytesWritten)
{
    PQG_NOTIFICATION msg;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    if (g_Qg.ClientPort == NULL) {
        return;
    }

    msg = (PQG_NOTIFICATION)ExAllocateFromNPagedLookasideList(&g_Qg.NotifyLookaside);
    if (msg == NULL) {
        return;
    }
    RtlZeroMemory(msg, sizeof(*msg));

    msg->ProcessId    = FltGetRequestorProcessId(Data);
    msg->BytesWritten = BytesWritten;

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (NT_SUCCESS(status)) {
        msg->PathBytes = min(nameInfo->Name.Length, (USHORT)sizeof(msg->Path));
        RtlCopyMemory(msg->Path, nameInfo->Name.Buffer, msg->PathBytes);
        FltReleaseFileNameInformation(nameInfo);
    }

    timeout.QuadPart = -10LL * 1000 * QG_SEND_TIMEOUT_MS;
    status = FltSendMessage(g_Qg.Filter, &g_Qg.ClientPort, msg, sizeof(*msg),
                            NULL, NULL, &timeout);
    if (!NT_SUCCESS(status) || status == STATUS_TIMEOUT) {
        DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_WARNING_LEVEL,
                   "QuotaGuard: notification not delivered 0x%08X\n", status);
    }

    ExFreeToNPagedLookasideList(&g_Qg.NotifyLookaside, msg);
}
