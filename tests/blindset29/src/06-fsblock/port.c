#include "fsblock.h"

static NTSTATUS FLTAPI
FsbConnect(
    PFLT_PORT ClientPort,
    PVOID ServerPortCookie,
    PVOID ConnectionContext,
    ULONG SizeOfContext,
    PVOID *ConnectionPortCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_Fsb.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    FSB_DBG("agent connected");
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FsbDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Fsb.Filter, &g_Fsb.ClientPort);
    FSB_DBG("agent disconnected");
}

static NTSTATUS FLTAPI
FsbMessage(
    PVOID PortCookie,
    PVOID InputBuffer,
    ULONG InputBufferLength,
    PVOID OutputBuffer,
    ULONG OutputBufferLength,
    PULONG ReturnOutputBufferLength
    )
{
    FSB_MESSAGE msg;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(FSB_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(FSB_MESSAGE), sizeof(ULONG));
        msg = *(PFSB_MESSAGE)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (msg.Command) {
    case FsbCmdTrustPid:
        FltAcquirePushLockExclusive(&g_Fsb.TrustLock);
        if (g_Fsb.TrustedCount < FSB_MAX_TRUSTED) {
            g_Fsb.Trusted[g_Fsb.TrustedCount++] = msg.Value;
        } else {
            status = STATUS_INSUFFICIENT_RESOURCES;
        }
        FltReleasePushLock(&g_Fsb.TrustLock);
        break;

    case FsbCmdUntrustPid:
        FltAcquirePushLockExclusive(&g_Fsb.TrustLock);
        for (i = 0; i < g_Fsb.TrustedCount; i++) {
            if (g_Fsb.Trusted[i] == msg.Value) {
                g_Fsb.Trusted[i] = g_Fsb.Trusted[--g_Fsb.TrustedCount];
                break;
            }
        }
        FltReleasePushLock(&g_Fsb.TrustLock);
        break;

    case FsbCmdSetEnabled:
        InterlockedExchange(&g_Fsb.Enabled, msg.Value ? 1 : 0);
        break;

    default:
        status = STATUS_INVALID_PARAMETER;
        break;
    }
    return status;
}

NTSTATUS
FsbCreatePort(VOID)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(FSB_PORT_NAME);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(g_Fsb.Filter,
                                        &g_Fsb.ServerPort,
                                        &oa,
                                        NULL,
                                        FsbConnect,
                                        FsbDisconnect,
                                        FsbMessage,
                                        1);
    return status;
}
