#include "fltlog.h"

namespace fltlog {
namespace port {
namespace {

NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID, PVOID, ULONG, PVOID* ConnectionCookie)
{
    g.ClientPort = ClientPort;
    *ConnectionCookie = nullptr;
    FLTLOG("client connected");
    return STATUS_SUCCESS;
}

void FLTAPI OnDisconnect(PVOID)
{
    FltCloseClientPort(g.Filter, &g.ClientPort);
    DrainQueue();
}

// client sends anything, gets back as many LogRecords as fit
NTSTATUS FLTAPI OnMessage(PVOID, PVOID, ULONG, PVOID OutputBuffer, ULONG OutputBufferLength,
                          PULONG ReturnOutputBufferLength)
{
    *ReturnOutputBufferLength = 0;

    const ULONG capacity = OutputBufferLength / sizeof(LogRecord);
    if (OutputBuffer == nullptr || capacity == 0) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    // dequeue into kernel memory first, the output buffer is a user address
    constexpr ULONG kBatch = 16;
    auto batch = static_cast<LogRecord*>(ExAllocatePool2(POOL_FLAG_PAGED, kBatch * sizeof(LogRecord), kTag));
    if (!batch) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    const ULONG count = DequeueRecords(batch, capacity < kBatch ? capacity : kBatch);
    NTSTATUS status = STATUS_SUCCESS;
    __try {
        ProbeForWrite(OutputBuffer, OutputBufferLength, alignof(LogRecord));
        RtlCopyMemory(OutputBuffer, batch, count * sizeof(LogRecord));
        *ReturnOutputBufferLength = count * sizeof(LogRecord);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    ExFreePoolWithTag(batch, kTag);
    return status;
}

} // namespace

NTSTATUS Open()
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    auto status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name;
    RtlInitUnicodeString(&name, kPortName);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(g.Filter, &g.ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

void Close()
{
    if (g.ServerPort) {
        FltCloseCommunicationPort(g.ServerPort);
        g.ServerPort = nullptr;
    }
}

} // namespace port
} // namespace fltlog
