//
// port.cpp - communication port towards auditsvc.exe
//
#include "audit.h"

namespace audit {

PFLT_PORT Port::s_Server = nullptr;
PFLT_PORT Port::s_Client = nullptr;

NTSTATUS Port::Open(PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    auto status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        AUDIT_ERROR("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }
    auto sdGuard = MakeScopeExit([&sd] { FltFreeSecurityDescriptor(sd); });

    UNICODE_STRING portName = RTL_CONSTANT_STRING(AUDIT_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);

    status = FltCreateCommunicationPort(Filter, &s_Server, &oa, nullptr,
                                        OnConnect, OnDisconnect, nullptr, 1);
    if (!NT_SUCCESS(status)) {
        AUDIT_ERROR("FltCreateCommunicationPort 0x%08X", status);
        s_Server = nullptr;
        return status;
    }
    return STATUS_SUCCESS;
}

void Port::Close()
{
    if (s_Server != nullptr) {
        FltCloseCommunicationPort(s_Server);
        s_Server = nullptr;
    }
}

NTSTATUS Port::Send(const AuditRecord* Record)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = AUDIT_SEND_TIMEOUT;

    auto status = FltSendMessage(g.Filter, &s_Client, const_cast<AuditRecord*>(Record),
                                 sizeof(AuditRecord), nullptr, nullptr, &timeout);
    if (status == STATUS_SUCCESS) {
        InterlockedIncrement(&g.Sent);
    } else {
        InterlockedIncrement(&g.Lost);
    }
    return status;
}

NTSTATUS FLTAPI Port::OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                                ULONG SizeOfContext, PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    s_Client = ClientPort;
    *ConnectionPortCookie = nullptr;
    AUDIT_TRACE("collector connected");
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g.Filter, &s_Client);
    AUDIT_TRACE("collector gone (sent=%ld lost=%ld)", g.Sent, g.Lost);
}

} // namespace audit
