#include "FltCache.h"

NTSTATUS
FilterDriver::CreatePort()
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(FLTCACHE_PORT_NAME);

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);

    status = FltCreateCommunicationPort(s_Filter, &s_ServerPort, &oa, nullptr,
                                        PortConnect, PortDisconnect, PortMessage, 1);

    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        s_ServerPort = nullptr;
    }
    return status;
}

NTSTATUS FLTAPI
FilterDriver::PortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID* ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();
    s_ClientPort = ClientPort;
    *ConnectionCookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI
FilterDriver::PortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();
    FltCloseClientPort(s_Filter, &s_ClientPort);
}

NTSTATUS FLTAPI
FilterDriver::PortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    CacheCommand command;
    ULONG value;
    CACHE_STATS* reply;
    CACHE_CONFIG config;

    UNREFERENCED_PARAMETER(PortCookie);
    PAGED_CODE();

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == nullptr || InputBufferLength < sizeof(CACHE_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    // buffers are user mode addresses
    __try {
        command = static_cast<const CACHE_COMMAND*>(InputBuffer)->Command;
        value = static_cast<const CACHE_COMMAND*>(InputBuffer)->Value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case CacheCommand::SetEnabled:
        FltAcquireResourceExclusive(&s_ConfigLock);
        s_Config.Enabled = (value != 0);
        FltReleaseResource(&s_ConfigLock);
        break;

    case CacheCommand::GetStats:
        if (OutputBuffer == nullptr || OutputBufferLength < sizeof(CACHE_STATS)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        reply = static_cast<CACHE_STATS*>(ExAllocateFromNPagedLookasideList(&s_ReplyLookaside));
        if (reply == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        reply->StreamsTracked = InterlockedCompareExchange64(&s_Stats.StreamsTracked, 0, 0);
        reply->ReadsSeen = InterlockedCompareExchange64(&s_Stats.ReadsSeen, 0, 0);
        reply->BytesRequested = InterlockedCompareExchange64(&s_Stats.BytesRequested, 0, 0);
        ReadConfig(&config);
        reply->Enabled = config.Enabled;

        __try {
            RtlCopyMemory(OutputBuffer, reply, sizeof(CACHE_STATS));
            *ReturnOutputBufferLength = sizeof(CACHE_STATS);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
        ExFreeToNPagedLookasideList(&s_ReplyLookaside, reply);
        break;

    default:
        status = STATUS_INVALID_PARAMETER;
        break;
    }
    return status;
}
