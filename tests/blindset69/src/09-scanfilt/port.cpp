// port.cpp - the scanner's communication port
#include "scanfilt.h"

namespace scan {

static void FreeSd(PSECURITY_DESCRIPTOR sd) { FltFreeSecurityDescriptor(sd); }

static NTSTATUS FLTAPI
PortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
            ULONG SizeOfContext, PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionCookie);

    NT_ASSERT(g.ClientPort == nullptr);
    g.ClientPid = PsGetCurrentProcessId();
    g.ClientPort = ClientPort;
    SCAN_DBG(DPFLTR_INFO_LEVEL, "scanner %p connected", g.ClientPid);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
PortDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    SCAN_DBG(DPFLTR_INFO_LEVEL, "scanner %p disconnected", g.ClientPid);
    FltCloseClientPort(g.Filter, &g.ClientPort);
    g.ClientPid = nullptr;
}

NTSTATUS CreatePort()
{
    Scoped<PSECURITY_DESCRIPTOR, FreeSd> sd;
    UNICODE_STRING name = RTL_CONSTANT_STRING(SCAN_PORT_NAME);
    OBJECT_ATTRIBUTES oa;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd.get());

    // only one scanner at a time; messages are only sent kernel -> user
    return FltCreateCommunicationPort(g.Filter, &g.ServerPort, &oa, nullptr,
                                      PortConnect, PortDisconnect, nullptr, 1);
}

void ClosePort()
{
    if (g.ServerPort != nullptr) {
        FltCloseCommunicationPort(g.ServerPort);
        g.ServerPort = nullptr;
    }
}

bool AskScanner(PSCAN_NOTIFICATION note)
{
    SCAN_REPLY reply = { TRUE };
    ULONG replyLen = sizeof(reply);
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10000LL * SCAN_TIMEOUT_MS;

    if (g.ClientPort == nullptr) {
        return true;
    }

    NTSTATUS status = FltSendMessage(g.Filter, &g.ClientPort, note, sizeof(*note),
                                     &reply, &replyLen, &timeout);
    if (status == STATUS_SUCCESS) {
        return reply.SafeToOpen != FALSE;
    }
    SCAN_DBG(DPFLTR_WARNING_LEVEL, "FltSendMessage 0x%08X, allowing", status);
    return true;
}

} // namespace scan
