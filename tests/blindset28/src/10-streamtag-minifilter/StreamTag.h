//
// StreamTag minifilter
//
// Tags every stream that is opened for write access on local NTFS/ReFS
// volumes with a stream context and counts writes against it. The backup
// agent queries aggregate counters over the StreamTag communication port.
//
// Copyright (c) Northwind Storage Software. All rights reserved.
//
#pragma once

#include <fltKernel.h>

#define STREAMTAG_PORT_NAME     L"\\StreamTagPort"
#define STREAMTAG_CTX_TAG       'xCtS'
#define STREAMTAG_NAME_TAG      'nNtS'

struct STREAMTAG_STATS {
    LONG64 ContextsCreated;
    LONG64 ContextsFreed;
    LONG64 WritesTagged;
    LONG64 AttachFailures;
};

struct StreamTagContext {
    volatile LONG64 WriteCount;
    LARGE_INTEGER   FirstSeen;
    UNICODE_STRING  Name;           // buffer owned by the context, freed on cleanup
};

class StreamTagFilter
{
public:
    static NTSTATUS Initialize(_In_ PDRIVER_OBJECT DriverObject);

private:
    enum : ULONG {
        StageRegistered = 0x1,
        StagePortOpen   = 0x2,
    };

    StreamTagFilter() = delete;

    // filter manager callbacks
    static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

    static NTSTATUS FLTAPI InstanceSetup(
        _In_ PCFLT_RELATED_OBJECTS FltObjects,
        _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
        _In_ DEVICE_TYPE VolumeDeviceType,
        _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

    static NTSTATUS FLTAPI InstanceQueryTeardown(
        _In_ PCFLT_RELATED_OBJECTS FltObjects,
        _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

    static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(
        _Inout_ PFLT_CALLBACK_DATA Data,
        _In_ PCFLT_RELATED_OBJECTS FltObjects,
        _In_opt_ PVOID CompletionContext,
        _In_ FLT_POST_OPERATION_FLAGS Flags);

    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(
        _Inout_ PFLT_CALLBACK_DATA Data,
        _In_ PCFLT_RELATED_OBJECTS FltObjects,
        _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

    static VOID FLTAPI StreamContextCleanup(
        _In_ PFLT_CONTEXT Context,
        _In_ FLT_CONTEXT_TYPE ContextType);

    // communication port callbacks
    static NTSTATUS FLTAPI PortConnect(
        _In_ PFLT_PORT ClientPort,
        _In_opt_ PVOID ServerPortCookie,
        _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
        _In_ ULONG SizeOfContext,
        _Outptr_result_maybenull_ PVOID* ConnectionPortCookie);

    static VOID FLTAPI PortDisconnect(_In_opt_ PVOID ConnectionCookie);

    static NTSTATUS FLTAPI PortMessage(
        _In_opt_ PVOID PortCookie,
        _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
        _In_ ULONG InputBufferLength,
        _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
        _In_ ULONG OutputBufferLength,
        _Out_ PULONG ReturnOutputBufferLength);

    // helpers
    static NTSTATUS OpenServerPort();
    static NTSTATUS AttachContext(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects);

    static const FLT_OPERATION_REGISTRATION s_Operations[];
    static const FLT_CONTEXT_REGISTRATION   s_Contexts[];
    static const FLT_REGISTRATION           s_Registration;

    static PFLT_FILTER     s_Filter;
    static PFLT_PORT       s_ServerPort;
    static PFLT_PORT       s_ClientPort;
    static STREAMTAG_STATS s_Stats;
};
