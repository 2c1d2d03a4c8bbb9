/*
 * comm.c - filter communication port stuff
 */
#include "filelog.h"

static NTSTATUS FLTAPI
FlConnectNotify(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    *ConnectionCookie = NULL;

    g_FileLog.ClientPort = ClientPort;
    g_FileLog.UserProcess = PsGetCurrentProcess();

    FL_PRINT("client connected, pid %p\n", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FlDisconnectNotify(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FL_PRINT("client disconnected (sent %ld, dropped %ld)\n",
             g_FileLog.MessagesSent, g_FileLog.MessagesDropped);

    FltCloseClientPort(g_FileLog.Filter, &g_FileLog.ClientPort);
    g_FileLog.UserProcess = NULL;
}

static NTSTATUS FLTAPI
FlMessageNotify(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    /* the app does not send us anything yet */
    *ReturnOutputBufferLength = 0;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS FlCreatePort(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(FILELOG_PORT_NAME);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FL_PRINT("FltBuildDefaultSecurityDescriptor failed 0x%x\n", status);
        return status;
    }

    InitializeObjectAttributes(&oa,
                               &name,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(g_FileLog.Filter,
                                        &g_FileLog.ServerPort,
                                        &oa,
                                        NULL,
                                        FlConnectNotify,
                                        FlDisconnectNotify,
                                        FlMessageNotify,
                                        1);

    /* the port keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        FL_PRINT("FltCreateCommunicationPort failed 0x%x\n", status);
        g_FileLog.ServerPort = NULL;
    }
    return status;
}

VOID FlClosePort(VOID)
{
    if (g_FileLog.ServerPort != NULL) {
        FltCloseCommunicationPort(g_FileLog.ServerPort);
        g_FileLog.ServerPort = NULL;
    }
}

VOID FlSendToUser(_In_ PFILELOG_NOTIFICATION Notification)
{
    NTSTATUS status;
    LARGE_INTEGER timeout;

    if (g_FileLog.ClientPort == NULL) {
        return;
    }

    timeout.QuadPart = -10000LL * FILELOG_SEND_TIMEOUT_MS;

    status = FltSendMessage(g_FileLog.Filter,
                            &g_FileLog.ClientPort,
                            Notification,
                            sizeof(FILELOG_NOTIFICATION),
                            NULL,
                            NULL,
                            &timeout);
    if (status == STATUS_SUCCESS) {
        InterlockedIncrement(&g_FileLog.MessagesSent);
    } else {
        /* STATUS_TIMEOUT if the app is too slow, just drop it */
        InterlockedIncrement(&g_FileLog.MessagesDropped);
    }
}
