//
// Port.cpp - agent connection; the connecting process becomes the agent
//
#include "Vault.h"

namespace vault {
namespace {

PFLT_FILTER g_portFilter = nullptr;
PFLT_PORT   g_server     = nullptr;
PFLT_PORT   g_client     = nullptr;

NTSTATUS FLTAPI OnConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
                          _Outptr_result_maybenull_ PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_client = ClientPort;
    State::SetAgent(PsGetCurrentProcessId());
    *ConnectionPortCookie = nullptr;
    VLOG("agent %p connected", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

void FLTAPI OnDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    State::SetAgent(nullptr);
    FltCloseClientPort(g_portFilter, &g_client);
    VLOG("agent disconnected");
}

NTSTATUS FLTAPI OnMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                          _In_ ULONG InputBufferLength,
                          _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                          _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    *ReturnOutputBufferLength = 0;

    if (!InputBuffer || InputBufferLength < FIELD_OFFSET(SetPrefixMessage, Prefix) || InputBufferLength > 4096) {
        return STATUS_INVALID_PARAMETER;
    }

    // copy out of the caller's buffer before looking at it
    auto copy = static_cast<SetPrefixMessage*>(ExAllocatePool2(POOL_FLAG_PAGED, InputBufferLength, VAULT_TAG));
    if (!copy) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = STATUS_SUCCESS;
    __try {
        ProbeForRead(InputBuffer, InputBufferLength, 1);
        RtlCopyMemory(copy, InputBuffer, InputBufferLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    if (NT_SUCCESS(status)) {
        if (copy->Cb > InputBufferLength - FIELD_OFFSET(SetPrefixMessage, Prefix)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            status = State::SetPrefix(copy->Prefix, copy->Cb);
        }
    }

    ExFreePoolWithTag(copy, VAULT_TAG);
    return status;
}

} // anonymous namespace

NTSTATUS Port::Open(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(VAULT_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    g_portFilter = Filter;
    status = FltCreateCommunicationPort(Filter, &g_server, &oa, nullptr, OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        g_server = nullptr;
    }
    return status;
}

void Port::Close()
{
    if (g_server) {
        FltCloseCommunicationPort(g_server);
        g_server = nullptr;
    }
}

} // namespace vault
