#include "instguard.h"

namespace ig {
namespace comm {

static PFLT_PORT s_Server = nullptr;
static PFLT_PORT s_Client = nullptr;

static NTSTATUS FLTAPI
OnConnect(PFLT_PORT ClientPort, PVOID, PVOID, ULONG, PVOID* Cookie)
{
    // single console at a time (MaxConnections = 1)
    s_Client = ClientPort;
    *Cookie = nullptr;
    IG_LOG("console connected");
    return STATUS_SUCCESS;
}

static VOID FLTAPI
OnDisconnect(PVOID)
{
    FltCloseClientPort(State::Filter, &s_Client);
    IG_LOG("console disconnected");
}

static NTSTATUS FLTAPI
OnMessage(PVOID, PVOID In, ULONG InLen, PVOID Out, ULONG OutLen, PULONG Ret)
{
    IG_MESSAGE msg;
    *Ret = 0;

    if (In == nullptr || InLen < sizeof(IG_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(In, sizeof(msg), __alignof(IG_MESSAGE));
        RtlCopyMemory(&msg, In, sizeof(msg));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (msg.Command) {
    case IgCommand::Enable:
        InterlockedExchange(&State::Enabled, 1);
        break;
    case IgCommand::Disable:
        InterlockedExchange(&State::Enabled, 0);
        break;
    case IgCommand::Query:
        if (Out == nullptr || OutLen < sizeof(LONG)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        __try {
            ProbeForWrite(Out, sizeof(LONG), __alignof(LONG));
            *static_cast<LONG*>(Out) = State::Enabled;
            *Ret = sizeof(LONG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        break;
    default:
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    return STATUS_SUCCESS;
}

NTSTATUS Start(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, IG_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr, sd);

    status = FltCreateCommunicationPort(Filter, &s_Server, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

void Stop()
{
    if (s_Server != nullptr) {
        FltCloseCommunicationPort(s_Server);
        s_Server = nullptr;
    }
}

} // namespace comm
} // namespace ig
