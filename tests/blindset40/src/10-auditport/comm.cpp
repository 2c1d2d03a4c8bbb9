//
// comm.cpp
//
// Server port for the collector, plus the notification sender.
//

#include "auditport.h"

namespace audit {

static NTSTATUS FLTAPI
OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
          ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    *ConnectionPortCookie = nullptr;
    g.ClientPort = ClientPort;

    AP_TRACE("collector connected (pid %lu)", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

static VOID FLTAPI
OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    AP_TRACE("collector disconnected");

    //
    // Closing the client port is our job; FltCloseClientPort also
    // NULLs g.ClientPort under the filter manager's lock.
    //
    FltCloseClientPort(g.Filter, &g.ClientPort);
}

static NTSTATUS FLTAPI
OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
          PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    AP_COMMAND command;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == nullptr || InputBufferLength < sizeof(AP_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    //
    // The buffer is the caller's user-mode buffer.
    //
    __try {
        ProbeForRead(InputBuffer, InputBufferLength, sizeof(ULONG));
        command = *(AP_COMMAND *)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case ApCmdEnable:
        InterlockedExchange(&g.Enabled, 1);
        return STATUS_SUCCESS;
    case ApCmdDisable:
        InterlockedExchange(&g.Enabled, 0);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS
OpenServerPort()
{
    PSECURITY_DESCRIPTOR    sd = nullptr;
    OBJECT_ATTRIBUTES       oa;
    UNICODE_STRING          portName = RTL_CONSTANT_STRING(AP_PORT_NAME);
    NTSTATUS                status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               nullptr, sd);

    status = FltCreateCommunicationPort(g.Filter, &g.ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);

    //
    // The port keeps its own copy of the descriptor.
    //
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        g.ServerPort = nullptr;
    }
    return status;
}

VOID
CloseServerPort()
{
    if (g.ServerPort != nullptr) {
        FltCloseCommunicationPort(g.ServerPort);
        g.ServerPort = nullptr;
    }
}

VOID
Notify(
    _In_ AP_OPERATION Operation,
    _In_ PCUNICODE_STRING Name
    )
{
    LARGE_INTEGER       noWait;
    AP_NOTIFICATION     *msg;

    if (g.ClientPort == nullptr || !g.MessagePoolReady) {
        return;
    }

    msg = static_cast<AP_NOTIFICATION *>(ExAllocateFromNPagedLookasideList(&g.MessagePool));
    if (msg == nullptr) {
        return;
    }

    RtlZeroMemory(msg, sizeof(*msg));
    msg->Operation  = Operation;
    msg->ProcessId  = HandleToULong(PsGetCurrentProcessId());
    msg->NameLength = (USHORT)min(Name->Length, sizeof(msg->Name) - sizeof(WCHAR));
    RtlCopyMemory(msg->Name, Name->Buffer, msg->NameLength);

    //
    // Fire and forget: never stall the caller's I/O on the collector.
    //
    noWait.QuadPart = 0;
    (VOID)FltSendMessage(g.Filter, &g.ClientPort, msg, sizeof(*msg), nullptr, nullptr, &noWait);

    ExFreeToNPagedLookasideList(&g.MessagePool, msg);
}

} // namespace audit
