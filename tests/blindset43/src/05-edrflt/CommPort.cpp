#include "Common.h"

namespace edr {

PFLT_FILTER CommPort::s_Filter = nullptr;
PFLT_PORT   CommPort::s_Server = nullptr;
PFLT_PORT   CommPort::s_Client = nullptr;

NTSTATUS FLTAPI CommPort::OnConnect(PFLT_PORT ClientPort, PVOID, PVOID, ULONG, PVOID* ConnectionPortCookie)
{
    s_Client = ClientPort;
    *ConnectionPortCookie = nullptr;
    EDR_LOG("agent connected (pid %u)", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

VOID FLTAPI CommPort::OnDisconnect(PVOID)
{
    FltCloseClientPort(s_Filter, &s_Client);
    EDR_LOG("agent disconnected");
}

NTSTATUS CommPort::Create(PFLT_FILTER filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    UNICODE_STRING name = RTL_CONSTANT_STRING(EDR_PORT_NAME);
    OBJECT_ATTRIBUTES oa;

    s_Filter = filter;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        EDR_LOG("FltBuildDefaultSecurityDescriptor 0x%X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(filter, &s_Server, &oa, nullptr,
                                        OnConnect, OnDisconnect, nullptr, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        EDR_LOG("FltCreateCommunicationPort 0x%X", status);
        s_Server = nullptr;
        return status;
    }
    return STATUS_SUCCESS;
}

void CommPort::Close()
{
    if (s_Server) {
        FltCloseCommunicationPort(s_Server);
        s_Server = nullptr;
    }
}

void CommPort::Send(Message& msg)
{
    if (!s_Client) {
        return;
    }

    // fire and forget, don't stall the caller if the agent is slow
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10LL * 1000 * 50;   // 50ms

    msg.Header.Size = sizeof(Message);
    KeQuerySystemTimePrecise(&msg.Header.Time);

    NTSTATUS status = FltSendMessage(s_Filter, &s_Client, &msg, sizeof(msg),
                                     nullptr, nullptr, &timeout);
    if (status == STATUS_TIMEOUT) {
        EDR_LOG("agent too slow, event %u dropped", (ULONG)msg.Header.Type);
    }
}

} // namespace edr
