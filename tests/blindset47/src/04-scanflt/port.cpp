// port.cpp - communication port to scand (the user mode engine).
#include "scanflt.hpp"

namespace scan {

PFLT_FILTER Port::Filter = nullptr;
PFLT_PORT   Port::Server = nullptr;
PFLT_PORT   Port::Client = nullptr;
os::Mutex   Port::Lock;

NTSTATUS Port::Create(PFLT_FILTER filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\ScanFltPort");
    OBJECT_ATTRIBUTES oa;

    Lock.Init();
    Filter = filter;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SCAN_LOG("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    // exactly one scand may be connected at a time
    status = FltCreateCommunicationPort(filter, &Server, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        SCAN_LOG("FltCreateCommunicationPort 0x%08X", status);
        Server = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (Server != nullptr) {
        FltCloseCommunicationPort(Server);
        Server = nullptr;
    }
}

NTSTATUS Port::Ask(ScanRequest& req, ScanReply& reply)
{
    LARGE_INTEGER timeout;
    ULONG replyBytes = sizeof(reply);

    timeout.QuadPart = -10000LL * kReplyTimeoutMs;
    return FltSendMessage(Filter, &Client, &req, sizeof(req), &reply, &replyBytes, &timeout);
}

NTSTATUS FLTAPI Port::OnConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Ctx,
                                ULONG CtxBytes, PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CtxBytes);

    os::Guard<os::Mutex> g(Lock);
    Client = ClientPort;
    *ConnectionCookie = nullptr;
    SCAN_LOG("scand connected (pid %p)", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    os::Guard<os::Mutex> g(Lock);
    FltCloseClientPort(Filter, &Client);
    SCAN_LOG("scand went away");
}

NTSTATUS FLTAPI Port::OnMessage(PVOID PortCookie, PVOID In, ULONG InBytes,
                                PVOID Out, ULONG OutBytes, PULONG Returned)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(InBytes);

    // only message scand sends us is "ping": answer with the in-flight count
    if (Out == nullptr || OutBytes < sizeof(LONG))
        return STATUS_BUFFER_TOO_SMALL;

    __try {
        ProbeForWrite(Out, sizeof(LONG), __alignof(LONG));
        *static_cast<LONG*>(Out) = Driver::InFlight;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    *Returned = sizeof(LONG);
    return STATUS_SUCCESS;
}

} // namespace scan
