#pragma once
// WipeGuard - refuses truncation / supersede / delete of backup files
// (*.bak, *.vhdx, *.wbcat) unless the caller is on the agent's allow list.
#include <fltKernel.h>

#define WG_TAG          'draW'
#define WG_CTX_TAG      'cdrW'
#define WG_PORT_NAME    L"\\WipeGuardPort"
#define WG_MAX_ALLOWED  32

#define WG_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "WipeGuard: " fmt "\n", __VA_ARGS__)
#define WG_ERROR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "WipeGuard: " fmt "\n", __VA_ARGS__)

namespace wg {

struct VolumeContext {
    FLT_FILESYSTEM_TYPE FsType;
    volatile LONG       Denied;
};

enum AgentCommand : ULONG {
    CmdAllowPid  = 1,
    CmdRevokePid = 2,
};

#pragma pack(push, 1)
struct AgentMessage {
    ULONG Command;
    ULONG Pid;
};
#pragma pack(pop)

class AllowList {
public:
    static NTSTATUS Init();
    static void     Destroy();
    static NTSTATUS Add(_In_ HANDLE Pid);
    static void     Remove(_In_ HANDLE Pid);
    static bool     Contains(_In_ HANDLE Pid);
private:
    static ERESOURCE s_lock;
    static HANDLE    s_pids[WG_MAX_ALLOWED];
    static bool      s_ready;
};

class Agent {
public:
    static NTSTATUS Open(_In_ PFLT_FILTER Filter);
    static void     Close();
private:
    static NTSTATUS FLTAPI OnConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                     _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                     _In_ ULONG SizeOfContext,
                                     _Outptr_result_maybenull_ PVOID* ConnectionPortCookie);
    static void FLTAPI OnDisconnect(_In_opt_ PVOID ConnectionCookie);
    static NTSTATUS FLTAPI OnMessage(_In_opt_ PVOID PortCookie,
                                     _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                                     _In_ ULONG InputBufferLength,
                                     _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                                     _In_ ULONG OutputBufferLength,
                                     _Out_ PULONG ReturnOutputBufferLength);

    static PFLT_FILTER s_filter;
    static PFLT_PORT   s_server;
    static PFLT_PORT   s_client;
};

// Guard.cpp / main.cpp
extern const FLT_REGISTRATION Registration;
NTSTATUS FLTAPI FilterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
void ProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

} // namespace wg
