#include "fsmon.h"

namespace Port {

volatile LONG Paused = 0;

static PFLT_FILTER s_Filter;
static PFLT_PORT   s_ServerPort;
static PFLT_PORT   s_ClientPort;

static NTSTATUS FLTAPI OnConnect(
    PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
    ULONG SizeOfContext, PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    s_ClientPort = ClientPort;
    *ConnectionPortCookie = nullptr;
    DBG_TRACE("client connected, pid %u", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

static VOID FLTAPI OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(s_Filter, &s_ClientPort);
    DBG_TRACE("client gone");
}

static NTSTATUS FLTAPI OnMessage(
    PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
    PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == nullptr || InputBufferLength < sizeof(FSMON_COMMAND))
        return STATUS_INVALID_PARAMETER;

    ULONG cmd = 0;
    __try {
        ProbeForRead(InputBuffer, sizeof(FSMON_COMMAND), sizeof(ULONG));
        cmd = static_cast<PFSMON_COMMAND>(InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (cmd) {
    case 1: InterlockedExchange(&Paused, 1); break;
    case 2: InterlockedExchange(&Paused, 0); break;
    default: return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

NTSTATUS Create(PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(FSMON_PORT_NAME);

    s_Filter = Filter;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        DBG_TRACE("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &name,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr, sd);

    status = FltCreateCommunicationPort(Filter, &s_ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    if (!NT_SUCCESS(status)) {
        DBG_TRACE("FltCreateCommunicationPort 0x%08X", status);
        s_ServerPort = nullptr;
        return status;
    }

    FltFreeSecurityDescriptor(sd);
    return STATUS_SUCCESS;
}

void Close()
{
    if (s_ServerPort) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

bool IsConnected()
{
    return s_ClientPort != nullptr;
}

NTSTATUS Notify(StreamCtx* Ctx)
{
    if (!IsConnected())
        return STATUS_PORT_DISCONNECTED;

    auto msg = static_cast<PFSMON_NOTIFICATION>(
        ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FSMON_NOTIFICATION), FSMON_NAME_TAG));
    if (!msg)
        return STATUS_INSUFFICIENT_RESOURCES;

    msg->ProcessId  = HandleToULong(PsGetCurrentProcessId());
    msg->WriteCount = Ctx->Writes;
    msg->NameLength = min(Ctx->Name.Length, (USHORT)(sizeof(msg->Name) - sizeof(WCHAR)));
    RtlCopyMemory(msg->Name, Ctx->Name.Buffer, msg->NameLength);

    LARGE_INTEGER timeout;
    timeout.QuadPart = -10 * 1000 * 100;    // 100ms, never block writers for long

    NTSTATUS status = FltSendMessage(s_Filter, &s_ClientPort, msg, sizeof(*msg),
                                     nullptr, nullptr, &timeout);
    ExFreePoolWithTag(msg, FSMON_NAME_TAG);
    return status;
}

} // namespace Port
