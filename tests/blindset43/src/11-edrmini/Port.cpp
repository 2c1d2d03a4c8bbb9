#include "EdrMini.h"

namespace em {

PFLT_FILTER Port::s_Filter;
PFLT_PORT   Port::s_Server;
PFLT_PORT   Port::s_Client;
ULONG       Port::s_AgentPid;

NTSTATUS FLTAPI Port::Connect(PFLT_PORT clientPort, PVOID, PVOID, ULONG, PVOID* connectionCookie)
{
    s_Client = clientPort;
    s_AgentPid = HandleToULong(PsGetCurrentProcessId());
    *connectionCookie = nullptr;
    EM_TRACE("agent %u connected", s_AgentPid);
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::Disconnect(PVOID)
{
    EM_TRACE("agent %u gone", s_AgentPid);
    s_AgentPid = 0;
    FltCloseClientPort(s_Filter, &s_Client);
}

NTSTATUS Port::Open(PFLT_FILTER filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(EM_PORT_NAME);

    s_Filter = filter;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        EM_TRACE("FltBuildDefaultSecurityDescriptor %08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(filter, &s_Server, &oa, nullptr,
                                        Connect, Disconnect, nullptr, 1);

    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        EM_TRACE("FltCreateCommunicationPort %08X", status);
        s_Server = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (s_Server != nullptr) {
        FltCloseCommunicationPort(s_Server);
        s_Server = nullptr;
    }
}

void Port::Post(Event& ev)
{
    if (s_Client == nullptr || ev.ProcessId == s_AgentPid) {
        return;
    }

    KeQuerySystemTimePrecise(&ev.Time);

    LARGE_INTEGER timeout;
    timeout.QuadPart = -20LL * 10000;       // 20 ms, telemetry is best effort

    (void)FltSendMessage(s_Filter, &s_Client, &ev, sizeof(ev), nullptr, nullptr, &timeout);
}

} // namespace em
