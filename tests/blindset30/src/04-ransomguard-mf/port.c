/*
 * port.c - communication port with rgsvc.exe
 */
#include "rguard.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RgPortConnect)
#pragma alloc_text(PAGE, RgPortDisconnect)
#pragma alloc_text(PAGE, RgPortMessage)
#pragma alloc_text(PAGE, RgPortShutdown)
#endif

NTSTATUS
RgPortConnect(
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
    UNREFERENCED_PARAMETER(ConnectionPortCookie);

    PAGED_CODE();

    FltAcquirePushLockExclusive(&g_Rg.ClientLock);
    g_Rg.ClientPort = ClientPort;
    g_Rg.ClientProcess = PsGetCurrentProcess();
    FltReleasePushLock(&g_Rg.ClientLock);

    RG_DBG("service connected, port %p", ClientPort);
    return STATUS_SUCCESS;
}

VOID
RgPortDisconnect(
    PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    FltAcquirePushLockExclusive(&g_Rg.ClientLock);
    FltCloseClientPort(g_Rg.Filter, &g_Rg.ClientPort);
    g_Rg.ClientProcess = NULL;
    FltReleasePushLock(&g_Rg.ClientLock);

    RG_DBG("service disconnected");
}

/*
 * The service can send a single ULONG command:
 *   1 = reset all write counters
 */
NTSTATUS
RgPortMessage(
    PVOID PortCookie,
    PVOID InputBuffer,
    ULONG InputBufferLength,
    PVOID OutputBuffer,
    ULONG OutputBufferLength,
    PULONG ReturnOutputBufferLength
    )
{
    ULONG command = 0;
    ULONG i;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(ULONG), sizeof(UCHAR));
        command = *(PULONG)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    if (command != 1) {
        return STATUS_INVALID_PARAMETER;
    }

    for (i = 0; i < RTL_NUMBER_OF(g_Rg.WriteCounters); i++) {
        InterlockedExchange(&g_Rg.WriteCounters[i], 0);
    }
    return STATUS_SUCCESS;
}

VOID
RgPortShutdown(
    VOID
    )
{
    PAGED_CODE();

    if (g_Rg.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Rg.ServerPort);
        g_Rg.ServerPort = NULL;
    }
}

/*
 * Returns TRUE if the write may proceed. No service / timeout -> allow.
 */
BOOLEAN
RgAskService(
    _In_ PRG_NOTIFICATION Notification
    )
{
    NTSTATUS status;
    RG_REPLY reply = { 0 };
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    BOOLEAN allow = TRUE;

    timeout.QuadPart = -10000LL * RG_REPLY_TIMEOUT_MS;

    FltAcquirePushLockShared(&g_Rg.ClientLock);
    if (g_Rg.ClientPort != NULL) {
        status = FltSendMessage(g_Rg.Filter,
                                &g_Rg.ClientPort,
                                Notification,
                                sizeof(RG_NOTIFICATION),
                                &reply,
                                &replyLength,
                                &timeout);
        if (status == STATUS_SUCCESS && replyLength >= sizeof(RG_REPLY)) {
            allow = reply.Allow;
        }
    }
    FltReleasePushLock(&g_Rg.ClientLock);

    return allow;
}
