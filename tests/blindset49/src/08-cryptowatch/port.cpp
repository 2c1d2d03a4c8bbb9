//
// port.cpp - agent communication port
//
#include "cryptowatch.h"

namespace cw {
namespace port {

namespace {

PFLT_PORT s_Server = nullptr;
PFLT_PORT s_Client = nullptr;

NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID, PVOID, ULONG, PVOID* ConnectionCookie)
{
    s_Client = ClientPort;
    *ConnectionCookie = nullptr;
    CW_TRACE("agent connected (pid %p)", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

VOID FLTAPI OnDisconnect(PVOID)
{
    FltCloseClientPort(g_Filter, &s_Client);
    CW_TRACE("agent disconnected");
}

// Output buffer is filled with as many whole events as fit.
NTSTATUS FLTAPI OnMessage(PVOID, PVOID, ULONG, PVOID OutputBuffer, ULONG OutputBufferLength,
                          PULONG ReturnOutputBufferLength)
{
    *ReturnOutputBufferLength = 0;

    if (OutputBuffer == nullptr || OutputBufferLength < sizeof(Event)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    auto out = static_cast<Event*>(OutputBuffer);
    ULONG slots = OutputBufferLength / sizeof(Event);
    ULONG used = 0;
    Event e;

    while (used < slots && events::Pop(&e)) {
        __try {
            out[used] = e;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            events::Push(e);        // give it back, the agent will retry
            return GetExceptionCode();
        }
        used++;
    }

    *ReturnOutputBufferLength = used * sizeof(Event);
    return STATUS_SUCCESS;
}

} // anonymous namespace

NTSTATUS Create(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(CW_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(Filter, &s_Server, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        s_Server = nullptr;
    }
    return status;
}

void Close()
{
    if (s_Server != nullptr) {
        FltCloseCommunicationPort(s_Server);
        s_Server = nullptr;
    }
}

} // namespace port
} // namespace cw
