/*
 * port.c - communication port with fbctl.exe (one client at a time)
 */
#include "fltblock.h"

NTSTATUS
FbPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
              ULONG SizeOfContext, PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_Fb.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    FB_TRACE("client connected\n");
    return STATUS_SUCCESS;
}

VOID
FbPortDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Fb.Filter, &g_Fb.ClientPort);
    FB_TRACE("client gone\n");
}

NTSTATUS
FbPortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
              PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    FB_STATS snapshot;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (OutputBuffer == NULL || OutputBufferLength < sizeof(FB_STATS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    snapshot.Blocked = g_Fb.Stats.Blocked;
    snapshot.Allowed = g_Fb.Stats.Allowed;
    snapshot.Streams = g_Fb.Stats.Streams;

    __try {
        RtlCopyMemory(OutputBuffer, &snapshot, sizeof(snapshot));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    *ReturnOutputBufferLength = sizeof(FB_STATS);
    return STATUS_SUCCESS;
}
