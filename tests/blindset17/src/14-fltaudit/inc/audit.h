//
// audit.h - write-access audit minifilter.
//
// Reports every handle opened for write/delete under the watched folders to
// the audit service, together with the opening process.
//
#pragma once

extern "C" {
#include <fltKernel.h>
}

#include "guard.h"

#define AUDIT_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_INFO_LEVEL, "fltaudit: " fmt "\n", __VA_ARGS__)

#define RETURN_IF_NT_FAILED(expr)                                       \
    do {                                                                \
        const NTSTATUS __statusRet = (expr);                            \
        if (!NT_SUCCESS(__statusRet)) {                                 \
            AUDIT_LOG("%s failed 0x%08X", #expr, __statusRet);          \
            return __statusRet;                                         \
        }                                                               \
    } while (0)

namespace audit {

constexpr ULONG PoolTag = 'tdAF';
constexpr ULONG MaxPathChars = 260;
constexpr ULONG MaxTrackedProcesses = 512;

struct Message {
    ULONG   ProcessId;
    ULONG   DesiredAccess;
    ULONG   Disposition;
    WCHAR   Path[MaxPathChars];
};

class State {
public:
    constexpr State() : Filter(nullptr), m_lock(), m_initialized(false), m_events(0) {}

    NTSTATUS Initialize();
    void Destroy();

    bool ShouldReport(HANDLE processId);
    void Forget(HANDLE processId);

    PFLT_FILTER Filter;

private:
    EX_PUSH_LOCK    m_lock;
    bool            m_initialized;
    volatile LONG64 m_events;
    HANDLE          m_muted[MaxTrackedProcesses] = {};
};

class Port {
public:
    constexpr Port() : m_server(nullptr), m_client(nullptr), m_filter(nullptr) {}

    NTSTATUS Open(PFLT_FILTER filter);
    void Close();
    void Send(const Message& message);

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT clientPort, PVOID serverCookie, PVOID context,
                                     ULONG contextSize, PVOID* connectionCookie);
    static VOID FLTAPI OnDisconnect(PVOID connectionCookie);
    static NTSTATUS FLTAPI OnMessage(PVOID portCookie, PVOID input, ULONG inputLength,
                                     PVOID output, ULONG outputLength, PULONG returnLength);

    PFLT_PORT   m_server;
    PFLT_PORT   m_client;
    PFLT_FILTER m_filter;
};

extern State g_State;
extern Port  g_Port;
extern const FLT_REGISTRATION Registration;

void OnProcessNotify(PEPROCESS process, HANDLE processId, PPS_CREATE_NOTIFY_INFO createInfo);

} // namespace audit
