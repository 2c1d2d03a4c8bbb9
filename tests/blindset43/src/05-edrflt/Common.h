#pragma once

#include <fltKernel.h>

#define EDR_TAG          'fRDE'
#define EDR_PORT_NAME    L"\\EdrFltPort"

#define EDR_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "edrflt: " fmt "\n", ##__VA_ARGS__)

namespace edr {

enum class MsgType : ULONG {
    ProcessCreate = 1,
    ProcessExit   = 2,
    FileDelete    = 3,
    FileRename    = 4,
};

#pragma pack(push, 8)
struct MsgHeader {
    MsgType       Type;
    ULONG         Size;
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         Extra;          // parent pid for process events
};

struct Message {
    MsgHeader Header;
    WCHAR     Path[300];
};
#pragma pack(pop)

// run a lambda when leaving scope, used for DriverEntry unwinding
template<typename F>
class ScopeExit {
public:
    explicit ScopeExit(F&& f) : m_Fn(static_cast<F&&>(f)), m_Active(true) {}
    ~ScopeExit() { if (m_Active) m_Fn(); }
    void Dismiss() { m_Active = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F    m_Fn;
    bool m_Active;
};

template<typename F>
inline ScopeExit<F> MakeScopeExit(F&& f) { return ScopeExit<F>(static_cast<F&&>(f)); }

inline void CopyPath(WCHAR (&dst)[300], PCUNICODE_STRING src)
{
    dst[0] = L'\0';
    if (!src || !src->Buffer) {
        return;
    }
    USHORT cch = min((USHORT)(src->Length / sizeof(WCHAR)), (USHORT)(ARRAYSIZE(dst) - 1));
    RtlCopyMemory(dst, src->Buffer, cch * sizeof(WCHAR));
    dst[cch] = L'\0';
}

class CommPort {
public:
    static NTSTATUS Create(PFLT_FILTER filter);
    static void     Close();
    static bool     IsConnected() { return s_Client != nullptr; }
    static void     Send(Message& msg);

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                     PVOID ConnectionContext, ULONG SizeOfContext,
                                     PVOID* ConnectionPortCookie);
    static VOID     FLTAPI OnDisconnect(PVOID ConnectionCookie);

    static PFLT_FILTER s_Filter;
    static PFLT_PORT   s_Server;
    static PFLT_PORT   s_Client;
};

class ProcessTracker {
public:
    static NTSTATUS Start();
    static void     Stop();

private:
    static VOID OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static bool s_Registered;
};

} // namespace edr
