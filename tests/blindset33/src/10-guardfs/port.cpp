// port.cpp - communication port with the guardfs service
#include "guardfs.h"

PFLT_PORT CommPort::s_ServerPort = nullptr;
PFLT_PORT CommPort::s_ClientPort = nullptr;

NTSTATUS CommPort::Open(PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(GFS_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(Filter, &s_ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);

    // The port keeps its own copy of the descriptor.
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        s_ServerPort = nullptr;
    }
    return status;
}

void CommPort::Close()
{
    if (s_ServerPort != nullptr) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

NTSTATUS FLTAPI CommPort::OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                    PVOID ConnectionContext, ULONG SizeOfContext,
                                    PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    s_ClientPort = ClientPort;
    *ConnectionCookie = nullptr;
    GFS_LOG("service connected");
    return STATUS_SUCCESS;
}

VOID FLTAPI CommPort::OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(Globals::Filter, &s_ClientPort);
    GFS_LOG("service disconnected");
}

NTSTATUS FLTAPI CommPort::OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                    PVOID OutputBuffer, ULONG OutputBufferLength,
                                    PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == nullptr || InputBufferLength < FIELD_OFFSET(GFS_COMMAND_MESSAGE, Path)) {
        return STATUS_INVALID_PARAMETER;
    }

    // The input buffer is a raw user-mode address: capture it.
    GFS_COMMAND_MESSAGE msg;
    RtlZeroMemory(&msg, sizeof(msg));
    __try {
        ProbeForRead(InputBuffer, InputBufferLength, sizeof(ULONG));
        RtlCopyMemory(&msg, InputBuffer, min(InputBufferLength, (ULONG)sizeof(msg)));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (msg.Command) {
    case GfsCmdAddPrefix: {
        if (msg.PathLength == 0 || msg.PathLength > sizeof(msg.Path) || (msg.PathLength & 1) != 0) {
            return STATUS_INVALID_PARAMETER;
        }
        UNICODE_STRING path;
        path.Buffer = msg.Path;
        path.Length = path.MaximumLength = static_cast<USHORT>(msg.PathLength);
        return Policy::AddPrefix(&path);
    }
    case GfsCmdClearPrefixes:
        Policy::ClearPrefixes();
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

// Best effort, never waits: a slow service must not stall file I/O.
void CommPort::NotifyBlocked(ULONG Pid, ULONG Operation, PCUNICODE_STRING Path)
{
    if (s_ClientPort == nullptr) {
        return;
    }

    auto note = static_cast<GFS_BLOCK_NOTIFICATION*>(
        ExAllocateFromNPagedLookasideList(&Globals::NotifyLookaside));
    if (note == nullptr) {
        return;
    }
    RtlZeroMemory(note, sizeof(*note));

    note->ProcessId = Pid;
    note->Operation = Operation;
    RtlCopyMemory(note->Path, Path->Buffer,
                  min(Path->Length, (USHORT)(sizeof(note->Path) - sizeof(WCHAR))));

    LARGE_INTEGER noWait;
    noWait.QuadPart = 0;
    (void)FltSendMessage(Globals::Filter, &s_ClientPort, note, sizeof(*note),
                         nullptr, nullptr, &noWait);

    ExFreeToNPagedLookasideList(&Globals::NotifyLookaside, note);
}
