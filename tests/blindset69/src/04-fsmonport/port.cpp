// port.cpp - communication port to the user-mode collector
#include "fsmon.h"

namespace fsmon {

NTSTATUS Port::Create(PFLT_FILTER filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(FSMON_PORT_NAME);

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);

    status = FltCreateCommunicationPort(filter, &g.ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

void Port::Close()
{
    if (g.ServerPort) {
        FltCloseCommunicationPort(g.ServerPort);
        g.ServerPort = nullptr;
    }
}

NTSTATUS FLTAPI Port::OnConnect(PFLT_PORT client, PVOID serverCookie, PVOID ctx,
                                ULONG ctxSize, PVOID* connectionCookie)
{
    UNREFERENCED_PARAMETER(serverCookie);
    UNREFERENCED_PARAMETER(ctx);
    UNREFERENCED_PARAMETER(ctxSize);
    UNREFERENCED_PARAMETER(connectionCookie);

    g.ClientPort = client;
    g.ClientProcess = PsGetCurrentProcess();
    DBG("collector connected, pid %lu", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::OnDisconnect(PVOID connectionCookie)
{
    UNREFERENCED_PARAMETER(connectionCookie);
    FltCloseClientPort(g.Filter, &g.ClientPort);
    g.ClientProcess = nullptr;
    DBG("collector gone");
}

NTSTATUS FLTAPI Port::OnMessage(PVOID portCookie, PVOID in, ULONG inLen,
                                PVOID out, ULONG outLen, PULONG retLen)
{
    UNREFERENCED_PARAMETER(portCookie);
    UNREFERENCED_PARAMETER(in);
    UNREFERENCED_PARAMETER(inLen);

    *retLen = 0;
    if (out != nullptr && outLen >= sizeof(LONG)) {
        __try {
            *static_cast<LONG*>(out) = InterlockedExchange(&g.Dropped, 0);
            *retLen = sizeof(LONG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    }
    return STATUS_SUCCESS;
}

void Port::Send(const FSMON_RECORD& rec)
{
    if (g.ClientPort == nullptr) {
        return;
    }
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 50;    // 50 ms
    NTSTATUS status = FltSendMessage(g.Filter, &g.ClientPort, const_cast<FSMON_RECORD*>(&rec),
                                     sizeof(rec), nullptr, nullptr, &timeout);
    if (status != STATUS_SUCCESS) {
        InterlockedIncrement(&g.Dropped);
    }
}

} // namespace fsmon
