// Agent.cpp - allow list and the agent's port
#include "WipeGuard.h"

namespace wg {

ERESOURCE AllowList::s_lock;
HANDLE    AllowList::s_pids[WG_MAX_ALLOWED];
bool      AllowList::s_ready = false;

PFLT_FILTER Agent::s_filter = nullptr;
PFLT_PORT   Agent::s_server = nullptr;
PFLT_PORT   Agent::s_client = nullptr;

namespace {
struct ResourceLock {
    PERESOURCE r;
    ResourceLock(PERESOURCE res, bool exclusive) : r(res) {
        KeEnterCriticalRegion();
        if (exclusive) {
            ExAcquireResourceExclusiveLite(r, TRUE);
        } else {
            ExAcquireResourceSharedLite(r, TRUE);
        }
    }
    ~ResourceLock() {
        ExReleaseResourceLite(r);
        KeLeaveCriticalRegion();
    }
};
}

NTSTATUS AllowList::Init()
{
    RtlZeroMemory(s_pids, sizeof(s_pids));
    NTSTATUS status = ExInitializeResourceLite(&s_lock);
    s_ready = NT_SUCCESS(status);
    return status;
}

void AllowList::Destroy()
{
    if (s_ready) {
        ExDeleteResourceLite(&s_lock);
        s_ready = false;
    }
}

NTSTATUS AllowList::Add(_In_ HANDLE Pid)
{
    ResourceLock lock(&s_lock, true);
    HANDLE* freeSlot = nullptr;
    for (auto& slot : s_pids) {
        if (slot == Pid) {
            return STATUS_SUCCESS;
        }
        if (slot == nullptr && freeSlot == nullptr) {
            freeSlot = &slot;
        }
    }
    if (freeSlot == nullptr) {
        return STATUS_QUOTA_EXCEEDED;
    }
    *freeSlot = Pid;
    return STATUS_SUCCESS;
}

void AllowList::Remove(_In_ HANDLE Pid)
{
    ResourceLock lock(&s_lock, true);
    for (auto& slot : s_pids) {
        if (slot == Pid) {
            slot = nullptr;
        }
    }
}

bool AllowList::Contains(_In_ HANDLE Pid)
{
    ResourceLock lock(&s_lock, false);
    for (auto slot : s_pids) {
        if (slot == Pid) {
            return true;
        }
    }
    return false;
}

NTSTATUS Agent::Open(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(WG_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    s_filter = Filter;
    status = FltCreateCommunicationPort(Filter, &s_server, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        s_server = nullptr;
        s_filter = nullptr;
    }
    return status;
}

void Agent::Close()
{
    if (s_server) {
        FltCloseCommunicationPort(s_server);
        s_server = nullptr;
    }
}

NTSTATUS FLTAPI Agent::OnConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext,
                                 _Outptr_result_maybenull_ PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    s_client = ClientPort;
    *ConnectionPortCookie = nullptr;
    // the agent itself may always touch backups
    (void)AllowList::Add(PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

void FLTAPI Agent::OnDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(s_filter, &s_client);
}

NTSTATUS FLTAPI Agent::OnMessage(_In_opt_ PVOID PortCookie,
                                 _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                                 _In_ ULONG InputBufferLength,
                                 _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                                 _In_ ULONG OutputBufferLength,
                                 _Out_ PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    *ReturnOutputBufferLength = 0;

    if (!InputBuffer || InputBufferLength < sizeof(AgentMessage)) {
        return STATUS_INVALID_PARAMETER;
    }

    AgentMessage msg;
    __try {
        ProbeForRead(InputBuffer, sizeof(msg), 1);
        msg = *static_cast<AgentMessage*>(InputBuffer);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    if (msg.Command == CmdRevokePid) {
        AllowList::Remove(ULongToHandle(msg.Pid));
        return STATUS_SUCCESS;
    }
    return (msg.Command == CmdAllowPid) ? AllowList::Add(ULongToHandle(msg.Pid)) : STATUS_INVALID_DEVICE_REQUEST;
}

} // namespace wg
