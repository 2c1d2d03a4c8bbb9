#include "edr.h"

namespace edr {

namespace {

PFLT_FILTER s_Filter     = nullptr;
PFLT_PORT   s_ServerPort = nullptr;
PFLT_PORT   s_ClientPort = nullptr;

NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID, PVOID, ULONG, PVOID* ConnectionCookie)
{
    s_ClientPort = ClientPort;
    *ConnectionCookie = nullptr;
    EDR_INFO("agent connected (pid %lu)", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

void FLTAPI OnDisconnect(PVOID)
{
    FltCloseClientPort(s_Filter, &s_ClientPort);
    EDR_INFO("agent disconnected");
}

} // namespace

// ---------------------------------------------------------------------------
// communication port
// ---------------------------------------------------------------------------

namespace port {

NTSTATUS Create(_In_ PFLT_FILTER Filter)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(EDR_PORT_NAME);
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;

    s_Filter = Filter;

    FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    NTSTATUS status = FltCreateCommunicationPort(Filter, &s_ServerPort, &oa, nullptr,
                                                 OnConnect, OnDisconnect, nullptr, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        EDR_ERROR("FltCreateCommunicationPort 0x%08X", status);
        s_ServerPort = nullptr;
    }
    return status;
}

void Close()
{
    if (s_ServerPort) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

void Send(_In_ const Message* Msg)
{
    if (!s_ClientPort || KeGetCurrentIrql() != PASSIVE_LEVEL) {
        return;
    }

    LARGE_INTEGER timeout;
    timeout.QuadPart = -10000LL * cfg::Get().SendTimeoutMs;

    FltSendMessage(s_Filter, &s_ClientPort, const_cast<Message*>(Msg), sizeof(Message),
                   nullptr, nullptr, &timeout);
}

} // namespace port

} // namespace edr
