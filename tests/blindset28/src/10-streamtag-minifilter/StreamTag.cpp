//
// StreamTag minifilter: registration, instance management, unload and the
// communication port.
//
#include "StreamTag.h"

PFLT_FILTER     StreamTagFilter::s_Filter = nullptr;
PFLT_PORT       StreamTagFilter::s_ServerPort = nullptr;
PFLT_PORT       StreamTagFilter::s_ClientPort = nullptr;
STREAMTAG_STATS StreamTagFilter::s_Stats = {};

const FLT_OPERATION_REGISTRATION StreamTagFilter::s_Operations[] = {
    { IRP_MJ_CREATE, 0, nullptr, StreamTagFilter::PostCreate },
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, StreamTagFilter::PreWrite, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION StreamTagFilter::s_Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, StreamTagFilter::StreamContextCleanup, sizeof(StreamTagContext), STREAMTAG_CTX_TAG },
    { FLT_CONTEXT_END }
};

const FLT_REGISTRATION StreamTagFilter::s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                                      // Flags
    StreamTagFilter::s_Contexts,
    StreamTagFilter::s_Operations,
    StreamTagFilter::Unload,
    StreamTagFilter::InstanceSetup,
    StreamTagFilter::InstanceQueryTeardown,
    nullptr,                                // InstanceTeardownStart
    nullptr,                                // InstanceTeardownComplete
    nullptr,                                // GenerateFileName
    nullptr,                                // NormalizeNameComponent
    nullptr                                 // NormalizeContextCleanup
};

NTSTATUS StreamTagFilter::Initialize(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    ULONG stages = 0;

    __try {
        status = FltRegisterFilter(DriverObject, &s_Registration, &s_Filter);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        stages |= StageRegistered;

        status = OpenServerPort();
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        stages |= StagePortOpen;

        status = FltStartFiltering(s_Filter);
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            if (FlagOn(stages, StagePortOpen)) {
                FltCloseCommunicationPort(s_ServerPort);
                s_ServerPort = nullptr;
            }
            if (FlagOn(stages, StageRegistered)) {
                FltUnregisterFilter(s_Filter);
                s_Filter = nullptr;
            }
        }
    }

    return status;
}

NTSTATUS StreamTagFilter::OpenServerPort()
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(STREAMTAG_PORT_NAME);
    PSECURITY_DESCRIPTOR sd = nullptr;
    OBJECT_ATTRIBUTES oa;

    NTSTATUS status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, sd);

    status = FltCreateCommunicationPort(s_Filter,
                                        &s_ServerPort,
                                        &oa,
                                        nullptr,
                                        PortConnect,
                                        PortDisconnect,
                                        PortMessage,
                                        1);

    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);
    return status;
}

NTSTATUS FLTAPI StreamTagFilter::Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    // port first: closing it after unregistering can hang the unload
    FltCloseCommunicationPort(s_ServerPort);
    s_ServerPort = nullptr;

    FltUnregisterFilter(s_Filter);
    s_Filter = nullptr;

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI StreamTagFilter::InstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    switch (VolumeFilesystemType) {
    case FLT_FSTYPE_NTFS:
    case FLT_FSTYPE_REFS:
        return STATUS_SUCCESS;
    default:
        return STATUS_FLT_DO_NOT_ATTACH;
    }
}

NTSTATUS FLTAPI StreamTagFilter::InstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI StreamTagFilter::PortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID* ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    PAGED_CODE();

    s_ClientPort = ClientPort;
    *ConnectionPortCookie = nullptr;
    return STATUS_SUCCESS;
}

VOID FLTAPI StreamTagFilter::PortDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    FltCloseClientPort(s_Filter, &s_ClientPort);
}

NTSTATUS FLTAPI StreamTagFilter::PortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength)
{
    STREAMTAG_STATS snapshot;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (OutputBuffer == nullptr || OutputBufferLength < sizeof(STREAMTAG_STATS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    snapshot.ContextsCreated = InterlockedCompareExchange64(&s_Stats.ContextsCreated, 0, 0);
    snapshot.ContextsFreed = InterlockedCompareExchange64(&s_Stats.ContextsFreed, 0, 0);
    snapshot.WritesTagged = InterlockedCompareExchange64(&s_Stats.WritesTagged, 0, 0);
    snapshot.AttachFailures = InterlockedCompareExchange64(&s_Stats.AttachFailures, 0, 0);

    // OutputBuffer is the caller's raw user-mode buffer
    __try {
        RtlCopyMemory(OutputBuffer, &snapshot, sizeof(snapshot));
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    *ReturnOutputBufferLength = sizeof(snapshot);
    return STATUS_SUCCESS;
}
