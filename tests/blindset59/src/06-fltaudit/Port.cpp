#include "FltAudit.h"

namespace fltaudit {

PFLT_FILTER Port::s_filter = nullptr;
PFLT_PORT   Port::s_server = nullptr;
PFLT_PORT   Port::s_client = nullptr;

NTSTATUS Port::Create(PFLT_FILTER filter)
{
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(AUDIT_PORT_NAME);

    s_filter = filter;

    // admin/system only, which is what the default descriptor gives us
    FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);

    InitializeObjectAttributes(&oa, &name,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr, sd);

    NTSTATUS status = FltCreateCommunicationPort(filter, &s_server, &oa, nullptr,
                                                 OnConnect, OnDisconnect, OnMessage,
                                                 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        AUDIT_ERROR("FltCreateCommunicationPort 0x%08X\n", status);
        s_server = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (s_server != nullptr) {
        FltCloseCommunicationPort(s_server);
        s_server = nullptr;
    }
}

void Port::Send(const AuditRecord& rec)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 100;    // 100 ms, relative

    if (s_client == nullptr) {
        return;
    }

    ULONG size = FIELD_OFFSET(AuditRecord, Name) + rec.NameLength;
    NTSTATUS status = FltSendMessage(s_filter, &s_client,
                                     const_cast<AuditRecord*>(&rec), size,
                                     nullptr, nullptr, &timeout);
    if (status == STATUS_TIMEOUT) {
        AUDIT_TRACE("listener is slow, record dropped\n");
    }
}

NTSTATUS FLTAPI Port::OnConnect(PFLT_PORT clientPort, PVOID serverCookie,
                                PVOID context, ULONG contextSize, PVOID* connectionCookie)
{
    UNREFERENCED_PARAMETER(serverCookie);
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(contextSize);

    s_client = clientPort;
    *connectionCookie = nullptr;
    AUDIT_TRACE("listener connected\n");
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::OnDisconnect(PVOID connectionCookie)
{
    UNREFERENCED_PARAMETER(connectionCookie);

    FltCloseClientPort(s_filter, &s_client);
    AUDIT_TRACE("listener disconnected\n");
}

NTSTATUS FLTAPI Port::OnMessage(PVOID portCookie, PVOID in, ULONG inLen,
                                PVOID out, ULONG outLen, PULONG returned)
{
    UNREFERENCED_PARAMETER(portCookie);
    UNREFERENCED_PARAMETER(in);
    UNREFERENCED_PARAMETER(inLen);
    UNREFERENCED_PARAMETER(out);
    UNREFERENCED_PARAMETER(outLen);

    // nothing to configure yet
    *returned = 0;
    return STATUS_SUCCESS;
}

} // namespace fltaudit
