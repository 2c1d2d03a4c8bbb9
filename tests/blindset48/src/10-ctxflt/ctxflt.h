//
// ctxflt.h - CtxFlt: per-volume and per-handle bookkeeping minifilter with a
// query port for a user-mode console.
//
#pragma once

#include <fltKernel.h>

#define CF_TAG              'tFxC'
#define CF_INST_TAG         'iFxC'
#define CF_SH_TAG           'hFxC'
#define CF_PORT_NAME        L"\\CtxFltPort"

#define CF_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "ctxflt: " fmt "\n", __VA_ARGS__)

namespace ctxflt {

enum class State : LONG { Stopped, Starting, Running, Stopping };

struct InstanceContext {
    UNICODE_STRING VolumeName;          // pool buffer, freed by cleanup callback
    volatile LONG  Opens;
    volatile LONG  Handles;
};

struct StreamHandleContext {
    HANDLE        OpenerPid;
    LARGE_INTEGER OpenTime;
    BOOLEAN       WriteAccess;
};

struct QueryReply {
    ULONG Instances;
    LONG  TotalOpens;
    LONG  LiveHandles;
};

//
// scope guard: runs the lambda unless dismissed
//
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_f(f), m_active(true) {}
    ScopeExit(ScopeExit&& other) : m_f(other.m_f), m_active(other.m_active) { other.m_active = false; }
    ~ScopeExit() { if (m_active) m_f(); }
    void dismiss() { m_active = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F    m_f;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

class Filter {
public:
    static NTSTATUS Start(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);
    static NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

    static PFLT_FILTER Handle()    { return s_Filter; }
    static bool        Running()   { return s_State == static_cast<LONG>(State::Running); }
    static ULONG       LogOpens()  { return s_LogOpens; }

private:
    static NTSTATUS OpenPort();
    static void     ClosePort();
    static NTSTATUS FLTAPI OnConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerCookie,
                                     _In_reads_bytes_opt_(Size) PVOID Context, _In_ ULONG Size,
                                     _Outptr_result_maybenull_ PVOID *ConnectionCookie);
    static VOID FLTAPI     OnDisconnect(_In_opt_ PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(_In_opt_ PVOID PortCookie,
                                     _In_reads_bytes_opt_(InLen) PVOID In, _In_ ULONG InLen,
                                     _Out_writes_bytes_to_opt_(OutLen, *Returned) PVOID Out,
                                     _In_ ULONG OutLen, _Out_ PULONG Returned);

    static PFLT_FILTER   s_Filter;
    static PFLT_PORT     s_ServerPort;
    static PFLT_PORT     s_ClientPort;
    static volatile LONG s_State;
    static ULONG         s_LogOpens;
};

// Contexts.cpp
extern const FLT_CONTEXT_REGISTRATION ContextRegistration[];
NTSTATUS FLTAPI InstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                              _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
QueryReply CollectStats();

// Operations.cpp
extern const FLT_OPERATION_REGISTRATION OperationRegistration[];

} // namespace ctxflt
