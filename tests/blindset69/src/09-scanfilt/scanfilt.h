#pragma once
#include <fltKernel.h>

#define SCAN_PORT_NAME     L"\\ScanFiltPort"
#define SCAN_TAG           'nacS'
#define SCAN_READ_SIZE     1024
#define SCAN_TIMEOUT_MS    3000

#define SCAN_DBG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "scanfilt: " fmt "\n", __VA_ARGS__)

typedef struct _SCAN_NOTIFICATION {
    ULONG ProcessId;
    ULONG BytesToScan;
    UCHAR Contents[SCAN_READ_SIZE];
} SCAN_NOTIFICATION, *PSCAN_NOTIFICATION;

typedef struct _SCAN_REPLY {
    BOOLEAN SafeToOpen;
} SCAN_REPLY, *PSCAN_REPLY;

namespace scan {

// minimal owning wrapper: calls Release(value) when it goes out of scope unless detached
template <typename T, void (*Release)(T)>
class Scoped {
public:
    Scoped() : m_v(nullptr) {}
    explicit Scoped(T v) : m_v(v) {}
    ~Scoped() { if (m_v) Release(m_v); }
    T* operator&() { return &m_v; }
    T get() const { return m_v; }
    T detach() { T v = m_v; m_v = nullptr; return v; }
    Scoped(const Scoped&) = delete;
    Scoped& operator=(const Scoped&) = delete;
private:
    T m_v;
};

struct State {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    HANDLE      ClientPid;
    BOOLEAN     ProcessNotify;
};
extern State g;

// port.cpp
NTSTATUS CreatePort();
void ClosePort();
bool AskScanner(PSCAN_NOTIFICATION note);

// filter.cpp
extern const FLT_REGISTRATION FilterRegistration;
void ProcessNotify(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info);

} // namespace scan
