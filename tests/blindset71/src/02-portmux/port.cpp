// port.cpp - server port with up to PMX_MAX_CLIENTS simultaneous
// connections.  Each connection gets a slot; the slot index (+1) is the
// connection cookie so we never hand out raw pointers.
#include "portmux.h"

namespace pmx {

PFLT_FILTER   Mux::s_Filter = nullptr;
PFLT_PORT     Mux::s_ServerPort = nullptr;
PFLT_PORT     Mux::s_Clients[PMX_MAX_CLIENTS] = {};
EX_PUSH_LOCK  Mux::s_Lock = 0;
volatile LONG Mux::s_Connected = 0;

namespace {

struct PushLockExclusive {
    PEX_PUSH_LOCK m_Lock;
    explicit PushLockExclusive(PEX_PUSH_LOCK l) : m_Lock(l) {
        KeEnterCriticalRegion();
        ExAcquirePushLockExclusive(m_Lock);
    }
    ~PushLockExclusive() {
        ExReleasePushLockExclusive(m_Lock);
        KeLeaveCriticalRegion();
    }
};

struct PushLockShared {
    PEX_PUSH_LOCK m_Lock;
    explicit PushLockShared(PEX_PUSH_LOCK l) : m_Lock(l) {
        KeEnterCriticalRegion();
        ExAcquirePushLockShared(m_Lock);
    }
    ~PushLockShared() {
        ExReleasePushLockShared(m_Lock);
        KeLeaveCriticalRegion();
    }
};

} // anonymous

NTSTATUS Mux::Open(_In_ PFLT_FILTER Filter)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(PMX_PORT_NAME);

    PAGED_CODE();

    s_Filter = Filter;
    ExInitializePushLock(&s_Lock);
    RtlZeroMemory(s_Clients, sizeof(s_Clients));

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);

    InitializeObjectAttributes(&oa, &name,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &s_ServerPort,
                                        &oa,
                                        nullptr,
                                        OnConnect,
                                        OnDisconnect,
                                        OnMessage,
                                        PMX_MAX_CLIENTS);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        PMX_ERR("FltCreateCommunicationPort 0x%08X", status);
        s_ServerPort = nullptr;
    }
    return status;
}

void Mux::Close()
{
    PAGED_CODE();
    if (s_ServerPort) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

NTSTATUS FLTAPI Mux::OnConnect(PFLT_PORT ClientPort, PVOID ServerCookie,
                               PVOID Context, ULONG Size, PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Size);
    PAGED_CODE();

    PushLockExclusive guard(&s_Lock);

    for (ULONG_PTR i = 0; i < PMX_MAX_CLIENTS; ++i) {
        if (s_Clients[i] == nullptr) {
            s_Clients[i] = ClientPort;
            *ConnectionCookie = reinterpret_cast<PVOID>(i + 1);
            InterlockedIncrement(&s_Connected);
            PMX_DBG("client %Iu connected (%p)", i, ClientPort);
            return STATUS_SUCCESS;
        }
    }

    // filter manager enforces MaxConnections, so this is just paranoia
    return STATUS_CONNECTION_COUNT_LIMIT;
}

VOID FLTAPI Mux::OnDisconnect(PVOID ConnectionCookie)
{
    ULONG_PTR slot = reinterpret_cast<ULONG_PTR>(ConnectionCookie) - 1;

    PAGED_CODE();

    if (slot >= PMX_MAX_CLIENTS) {
        return;
    }

    PushLockExclusive guard(&s_Lock);
    if (s_Clients[slot] != nullptr) {
        s_Clients[slot] = nullptr;
        InterlockedDecrement(&s_Connected);
        PMX_DBG("client %Iu disconnected", slot);
    }
}

NTSTATUS FLTAPI Mux::OnMessage(PVOID PortCookie, PVOID In, ULONG InLen,
                               PVOID Out, ULONG OutLen, PULONG Returned)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(InLen);

    *Returned = 0;
    if (Out == nullptr || OutLen < sizeof(LONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        *static_cast<LONG*>(Out) = s_Connected;
        *Returned = sizeof(LONG);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

void Mux::Broadcast(_In_ const PMX_EVENT* Event)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 50;     // 50ms per listener

    PushLockShared guard(&s_Lock);
    for (ULONG i = 0; i < PMX_MAX_CLIENTS; ++i) {
        PFLT_PORT port = s_Clients[i];
        if (port == nullptr) {
            continue;
        }
        NTSTATUS st = FltSendMessage(s_Filter, &port,
                                     const_cast<PMX_EVENT*>(Event),
                                     Event->Size, nullptr, nullptr, &timeout);
        if (!NT_SUCCESS(st) || st == STATUS_TIMEOUT) {
            PMX_DBG("send to %u -> 0x%08X", i, st);
        }
    }
}

} // namespace pmx
