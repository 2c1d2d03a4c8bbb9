#pragma once
#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>

#define WL_TAG              'golW'
#define WL_LINE_MAX         200
#define WL_QUEUE_MAX        512
#define WL_NPI_WAIT_MS      3000
#define WL_COLLECTOR_IP     0x7F000001      // 127.0.0.1
#define WL_COLLECTOR_PORT   5140

#define WL_DBG(fmt, ...)   DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,  "wsklog: " fmt "\n", __VA_ARGS__)
#define WL_ERR(fmt, ...)   DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "wsklog: " fmt "\n", __VA_ARGS__)

#define RETURN_IF_NT_FAILED(expr)                                   \
    do {                                                            \
        const NTSTATUS _wl = (expr);                                \
        if (!NT_SUCCESS(_wl)) {                                     \
            WL_ERR("%s = 0x%08X", #expr, _wl);                      \
            return _wl;                                             \
        }                                                           \
    } while (0)

namespace wl {

template <typename F>
class scope_exit {
public:
    explicit scope_exit(F f) : m_f(f) {}
    ~scope_exit() { if (m_on) m_f(); }
    void Dismiss() { m_on = false; }
    scope_exit(const scope_exit&) = delete;
    scope_exit& operator=(const scope_exit&) = delete;
private:
    F    m_f;
    bool m_on = true;
};

// one IRP, driven synchronously
class SyncIrp {
public:
    SyncIrp();
    ~SyncIrp();
    SyncIrp(const SyncIrp&) = delete;
    SyncIrp& operator=(const SyncIrp&) = delete;

    explicit operator bool() const { return m_irp != nullptr; }
    PIRP get() const { return m_irp; }
    NTSTATUS Wait(NTSTATUS callStatus);
    ULONG_PTR Information() const { return m_irp->IoStatus.Information; }

private:
    static IO_COMPLETION_ROUTINE Complete;
    KEVENT m_event;
    PIRP   m_irp;
};

} // namespace wl

class WskClient {
public:
    [[nodiscard]] static NTSTATUS Start();
    static void Stop();
    [[nodiscard]] static NTSTATUS Send(const char* Data, ULONG Length);

private:
    [[nodiscard]] static NTSTATUS OpenSocket();
    static void CloseSocket();

    static const WSK_CLIENT_DISPATCH s_Dispatch;
    static WSK_REGISTRATION s_Registration;
    static WSK_PROVIDER_NPI s_Npi;
    static PWSK_SOCKET      s_Socket;
    static bool             s_Registered;
    static bool             s_Captured;
};

struct LogLine {
    LIST_ENTRY Link;
    ULONG      Length;
    char       Text[WL_LINE_MAX];
};

class LogPump {
public:
    static void Init();
    [[nodiscard]] static NTSTATUS Start();
    static void Stop();
    static void Post(_Printf_format_string_ const char* Format, ...);

private:
    static KSTART_ROUTINE Main;
    static LogLine* Pop();
    static void Drain();

    static PETHREAD      s_Thread;
    static KEVENT        s_StopEvent;
    static KEVENT        s_DataEvent;
    static LIST_ENTRY    s_Queue;
    static KSPIN_LOCK    s_Lock;
    static volatile LONG s_Depth;
};
