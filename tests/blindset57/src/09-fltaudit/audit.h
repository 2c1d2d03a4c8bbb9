#pragma once
//
// fltaudit - reports deletes and renames to a user-mode collector
//
#include <fltKernel.h>

#define AUDIT_POOL_TAG      'dAlF'
#define AUDIT_CTX_TAG       'cAlF'
#define AUDIT_PORT_NAME     L"\\FltAuditPort"
#define AUDIT_NAME_CHARS    512
#define AUDIT_VOLUME_CHARS  64
#define AUDIT_SEND_TIMEOUT  (-100LL * 10000)     // 100 ms

#define AUDIT_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "fltaudit: " fmt "\n", __VA_ARGS__)
#define AUDIT_ERROR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fltaudit: " fmt "\n", __VA_ARGS__)

namespace audit {

// ---- scope guard ----------------------------------------------------------
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F&& f) : m_Fn(static_cast<F&&>(f)) {}
    ~ScopeExit() { if (m_Armed) m_Fn(); }
    void Dismiss() { m_Armed = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_Fn;
    bool m_Armed = true;
};

template <typename F>
auto MakeScopeExit(F&& f) -> ScopeExit<F>
{
    return ScopeExit<F>(static_cast<F&&>(f));
}

// ---- wire format --------------------------------------------------------------
enum class Op : ULONG { Delete = 1, Rename = 2 };

struct AuditRecord {
    Op            Operation;
    ULONG         ProcessId;
    LARGE_INTEGER Time;
    WCHAR         Volume[AUDIT_VOLUME_CHARS];
    WCHAR         Path[AUDIT_NAME_CHARS];
};

// ---- per-volume context ---------------------------------------------------
struct InstanceContext {
    USHORT VolumeBytes;
    WCHAR  Volume[AUDIT_VOLUME_CHARS];
};

// ---- globals --------------------------------------------------------------
struct Globals {
    PFLT_FILTER           Filter;
    NPAGED_LOOKASIDE_LIST RecordPool;
    volatile LONG         Sent;
    volatile LONG         Lost;
};
extern Globals g;

class Port {
public:
    static NTSTATUS Open(PFLT_FILTER Filter);
    static void     Close();
    static bool     Connected() { return s_Client != nullptr; }
    static NTSTATUS Send(const AuditRecord* Record);

private:
    static NTSTATUS FLTAPI OnConnect(PFLT_PORT, PVOID, PVOID, ULONG, PVOID*);
    static VOID     FLTAPI OnDisconnect(PVOID);

    static PFLT_PORT s_Server;
    static PFLT_PORT s_Client;
};

// ops.cpp
extern const FLT_OPERATION_REGISTRATION Operations[];
extern const FLT_CONTEXT_REGISTRATION   Contexts[];

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);

} // namespace audit
