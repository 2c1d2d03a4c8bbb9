//
// Port.cpp - \FileHidePort, one client (fhctl.exe) at a time
//
#include "FileHide.h"

using namespace fh;

PFLT_PORT Port::s_ServerPort = nullptr;
PFLT_PORT Port::s_ClientPort = nullptr;

NTSTATUS Port::Create(PFLT_FILTER filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    UNICODE_STRING name = RTL_CONSTANT_STRING(FH_PORT_NAME);
    OBJECT_ATTRIBUTES oa;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);
    status = FltCreateCommunicationPort(filter, &s_ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);

    // the port object has its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        s_ServerPort = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (s_ServerPort != nullptr) {
        FltCloseCommunicationPort(s_ServerPort);
        s_ServerPort = nullptr;
    }
}

NTSTATUS FLTAPI Port::OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                PVOID ConnectionContext, ULONG SizeOfContext,
                                PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    s_ClientPort = ClientPort;
    *ConnectionPortCookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI Port::OnDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Filter, &s_ClientPort);
}

NTSTATUS FLTAPI Port::OnMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                                PVOID OutputBuffer, ULONG OutputBufferLength,
                                PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == nullptr || InputBufferLength < sizeof(FH_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    // InputBuffer is the caller's user-mode buffer
    FH_COMMAND cmd;
    __try {
        ProbeForRead(InputBuffer, sizeof(FH_COMMAND), 1);
        RtlCopyMemory(&cmd, InputBuffer, sizeof(FH_COMMAND));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    if (cmd.NameLength > sizeof(cmd.Name)) {
        return STATUS_INVALID_PARAMETER;
    }

    switch (cmd.Code) {
    case FhAddName:
        return HideList::Add(cmd.Name, static_cast<USHORT>(cmd.NameLength));
    case FhClearNames:
        HideList::Clear();
        return STATUS_SUCCESS;
    }
    return STATUS_INVALID_DEVICE_REQUEST;
}
