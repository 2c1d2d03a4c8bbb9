//
// port.cpp - communication port to the audit service.
//
#include "audit.h"

namespace audit {

Port g_Port;

namespace {
const UNICODE_STRING s_PortName = RTL_CONSTANT_STRING(L"\\FltAuditPort");
}

NTSTATUS Port::Open(PFLT_FILTER filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto freeSd = make_guard([sd] { FltFreeSecurityDescriptor(sd); });

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa,
                               const_cast<PUNICODE_STRING>(&s_PortName),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr,
                               sd);

    m_filter = filter;
    status = FltCreateCommunicationPort(filter,
                                        &m_server,
                                        &oa,
                                        this,
                                        &Port::OnConnect,
                                        &Port::OnDisconnect,
                                        &Port::OnMessage,
                                        1);
    if (!NT_SUCCESS(status)) {
        m_server = nullptr;
        m_filter = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (m_server != nullptr) {
        FltCloseCommunicationPort(m_server);
        m_server = nullptr;
    }
}

void Port::Send(const Message& message)
{
    if (m_client == nullptr) {
        return;
    }

    LARGE_INTEGER timeout;
    timeout.QuadPart = -50LL * 10000;   // 50 ms

    FltSendMessage(m_filter,
                   &m_client,
                   const_cast<Message*>(&message),
                   sizeof(message),
                   nullptr,
                   nullptr,
                   &timeout);
}

NTSTATUS FLTAPI Port::OnConnect(PFLT_PORT clientPort, PVOID serverCookie, PVOID context,
                                ULONG contextSize, PVOID* connectionCookie)
{
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(contextSize);

    auto self = static_cast<Port*>(serverCookie);
    self->m_client = clientPort;
    *connectionCookie = self;
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::OnDisconnect(PVOID connectionCookie)
{
    auto self = static_cast<Port*>(connectionCookie);
    FltCloseClientPort(self->m_filter, &self->m_client);
}

NTSTATUS FLTAPI Port::OnMessage(PVOID portCookie, PVOID input, ULONG inputLength,
                                PVOID output, ULONG outputLength, PULONG returnLength)
{
    UNREFERENCED_PARAMETER(portCookie);
    UNREFERENCED_PARAMETER(input);
    UNREFERENCED_PARAMETER(inputLength);
    UNREFERENCED_PARAMETER(output);
    UNREFERENCED_PARAMETER(outputLength);

    *returnLength = 0;
    return STATUS_NOT_SUPPORTED;
}

} // namespace audit
