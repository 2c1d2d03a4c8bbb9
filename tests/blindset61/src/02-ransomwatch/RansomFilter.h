#pragma once
//
// RansomWatch - counts writes/renames per volume and pings the agent when a
// process looks like it is mass-encrypting files.
//
#include <fltKernel.h>

#define RW_TAG          'hWsR'
#define RW_CTX_TAG      'cWsR'
#define RW_PORT_NAME    L"\\RansomWatchPort"
#define RW_CTX_SIG      'XTCR'

#ifdef DBG
#define RwLog(fmt, ...) KdPrint(("[RansomWatch] " fmt "\n", __VA_ARGS__))
#else
#define RwLog(fmt, ...) ((void)0)
#endif

namespace rw {

struct InstanceContext {
    ULONG               Signature;
    FLT_FILESYSTEM_TYPE FsType;
    DEVICE_TYPE         DeviceType;
    volatile LONG       Writes;
    volatile LONG       Renames;
    LARGE_INTEGER       AttachTime;
};

#pragma pack(push, 1)
struct AlertMessage {
    ULONG ProcessId;
    LONG  Writes;
    LONG  Renames;
    WCHAR Volume[64];
};
#pragma pack(pop)

class Filter {
public:
    static NTSTATUS Init(_In_ PDRIVER_OBJECT DriverObject);
    static NTSTATUS Start();
    static void     Shutdown();

    // fltmgr callbacks
    static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
    static NTSTATUS FLTAPI InstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                         _In_ DEVICE_TYPE VolumeDeviceType,
                                         _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
    static NTSTATUS FLTAPI QueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                         _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
    static void FLTAPI ContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite(_Inout_ PFLT_CALLBACK_DATA Data,
                                                     _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                     _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);
    static FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data,
                                                       _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                       _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

    // port callbacks
    static NTSTATUS FLTAPI OnConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                     _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                     _In_ ULONG SizeOfContext,
                                     _Outptr_result_maybenull_ PVOID* ConnectionPortCookie);
    static void FLTAPI OnDisconnect(_In_opt_ PVOID ConnectionCookie);

private:
    static void MaybeAlert(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ InstanceContext* Ctx);

    static PFLT_FILTER s_filter;
    static PFLT_PORT   s_serverPort;
    static PFLT_PORT   s_clientPort;
    static LONG        s_threshold;
};

} // namespace rw
