/*
 * comm.c - the single-client communication port MfLog reports through.
 */
#include "mflog.h"

static NTSTATUS MfConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    *ConnectionPortCookie = NULL;
    g.ClientPort = ClientPort;
    InterlockedExchange(&g.Connected, 1);
    LOG("viewer connected (pid %lu)", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

static VOID MfDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    InterlockedExchange(&g.Connected, 0);
    FltCloseClientPort(g.Filter, &g.ClientPort);
    LOG("viewer disconnected%s", "");
}

NTSTATUS CommCreatePort(PFLT_FILTER Filter)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(MFLOG_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter, &g.ServerPort, &oa, NULL,
                                        MfConnect, MfDisconnect, NULL, 1);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FltFreeSecurityDescriptor(sd);
    return STATUS_SUCCESS;
}

VOID CommClosePort(VOID)
{
    if (g.ServerPort != NULL) {
        FltCloseCommunicationPort(g.ServerPort);
        g.ServerPort = NULL;
    }
}

VOID CommSend(const MFLOG_MESSAGE *Message)
{
    LARGE_INTEGER timeout;

    /* don't hold up the create path for a slow viewer */
    timeout.QuadPart = -10 * 1000 * 50;     /* 50 ms */
    (VOID)FltSendMessage(g.Filter, &g.ClientPort, (PVOID)Message, sizeof(*Message),
                         NULL, NULL, &timeout);
}
