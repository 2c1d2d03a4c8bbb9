// FltCache - read-heat minifilter: per-stream read counts in stream contexts,
// totals reported to the FltCacheSvc service over a communication port.
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

constexpr ULONG FLTCACHE_TAG        = 'hcCF';
constexpr ULONG FLTCACHE_CTX_TAG    = 'xcCF';
#define FLTCACHE_PORT_NAME          L"\\FltCachePort"

enum class CacheCommand : ULONG {
    GetStats   = 1,
    SetEnabled = 2,
};

#pragma pack(push, 8)
struct CACHE_COMMAND {
    CacheCommand Command;
    ULONG        Value;
};

struct CACHE_STATS {
    LONG64 StreamsTracked;
    LONG64 ReadsSeen;
    LONG64 BytesRequested;
    ULONG  Enabled;
};
#pragma pack(pop)

struct STREAM_CONTEXT {
    volatile LONG64 Reads;
    volatile LONG64 Bytes;
    LARGE_INTEGER   FirstOpen;
    BOOLEAN         Counted;        // attached to a stream and in StreamsTracked
};

struct CACHE_CONFIG {
    BOOLEAN Enabled;
    ULONG   MinFileSize;
};

class FilterDriver
{
public:
    static NTSTATUS Initialize(_In_ PDRIVER_OBJECT DriverObject);

    static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
    static NTSTATUS FLTAPI InstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                         _In_ DEVICE_TYPE VolumeDeviceType,
                                         _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

    // Ops.cpp
    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                                      _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                      _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);
    static FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                                        _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                        _In_opt_ PVOID CompletionContext,
                                                        _In_ FLT_POST_OPERATION_FLAGS Flags);
    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreRead(_Inout_ PFLT_CALLBACK_DATA Data,
                                                    _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);
    static VOID FLTAPI StreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

    // Port.cpp
    static NTSTATUS CreatePort();
    static NTSTATUS FLTAPI PortConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                       _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                       _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID* ConnectionCookie);
    static VOID FLTAPI PortDisconnect(_In_opt_ PVOID ConnectionCookie);
    static NTSTATUS FLTAPI PortMessage(_In_opt_ PVOID PortCookie,
                                       _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                                       _In_ ULONG InputBufferLength,
                                       _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                                       _In_ ULONG OutputBufferLength,
                                       _Out_ PULONG ReturnOutputBufferLength);

    static void ReadConfig(_Out_ CACHE_CONFIG* Config);

private:
    static void Teardown();

    enum : ULONG {
        StateLookaside   = 0x01,
        StateConfigLock  = 0x02,
        StateRegistered  = 0x04,
        StatePortOpen    = 0x08,
    };

    static ULONG                 s_State;
    static PFLT_FILTER           s_Filter;
    static PFLT_PORT             s_ServerPort;
    static PFLT_PORT             s_ClientPort;
    static NPAGED_LOOKASIDE_LIST s_ReplyLookaside;
    static ERESOURCE             s_ConfigLock;
    static CACHE_CONFIG          s_Config;
    static CACHE_STATS           s_Stats;

    static const FLT_OPERATION_REGISTRATION s_Operations[];
    static const FLT_CONTEXT_REGISTRATION   s_Contexts[];
    static const FLT_REGISTRATION           s_Registration;
};
