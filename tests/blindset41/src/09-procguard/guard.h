#pragma once
#include <ntddk.h>

#define PG_TAG          'drGP'
#define PG_DEVICE       L"\\Device\\ProcGuard"
#define PG_LINK         L"\\??\\ProcGuard"
#define PG_ALTITUDE     L"328770.2"
#define PG_MAX_PIDS     16

#define PG_IOCTL_BASE           0x8c00
#define IOCTL_PG_PROTECT        CTL_CODE(PG_IOCTL_BASE, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PG_UNPROTECT      CTL_CODE(PG_IOCTL_BASE, 0x841, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME  0x0800
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE        0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME   0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT      0x0010
#endif

constexpr ACCESS_MASK kProcessStrip = PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME;
constexpr ACCESS_MASK kThreadStrip  = THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT;

#define PgLog(fmt, ...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "ProcGuard: " fmt "\n", __VA_ARGS__))
#define PgError(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "ProcGuard: " fmt "\n", __VA_ARGS__))

#define RETURN_IF_NT_FAILED(expr)                                   \
    do {                                                            \
        const NTSTATUS _pgs = (expr);                               \
        if (!NT_SUCCESS(_pgs)) {                                    \
            PgError("%s failed 0x%08X", #expr, _pgs);               \
            return _pgs;                                            \
        }                                                           \
    } while (0)

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept;
void  __cdecl operator delete(void* p, size_t) noexcept;
void  __cdecl operator delete(void* p, POOL_FLAGS, ULONG tag) noexcept;

namespace pg {

template <typename F>
class scope_exit {
public:
    explicit scope_exit(F fn) : m_fn(fn) {}
    ~scope_exit() { if (m_armed) m_fn(); }
    void Dismiss() { m_armed = false; }
    scope_exit(const scope_exit&) = delete;
    scope_exit& operator=(const scope_exit&) = delete;
private:
    F    m_fn;
    bool m_armed = true;
};

// owns an object created with the pool operator new
template <typename T>
class unique_pool {
public:
    explicit unique_pool(T* p = nullptr) : m_p(p) {}
    ~unique_pool() { reset(); }
    unique_pool(const unique_pool&) = delete;
    unique_pool& operator=(const unique_pool&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

    [[nodiscard]] T* release() { T* p = m_p; m_p = nullptr; return p; }
    void reset(T* p = nullptr) { T* old = m_p; m_p = p; delete old; }

private:
    T* m_p;
};

} // namespace pg

class GuardState {
public:
    GuardState();

    bool Protect(HANDLE pid);
    bool Unprotect(HANDLE pid);
    bool IsProtected(HANDLE pid);

private:
    KSPIN_LOCK m_lock;
    ULONG      m_count;
    HANDLE     m_pids[PG_MAX_PIDS];
};

class ProcessGuard {
public:
    [[nodiscard]] static NTSTATUS RegisterCallbacks(GuardState* State);
    static void UnregisterCallbacks();

private:
    static OB_PREOP_CALLBACK_STATUS PreProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);
    static OB_PREOP_CALLBACK_STATUS PreThread(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);
    static void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);

    static GuardState* s_State;
    static PVOID       s_ObHandle;
    static bool        s_NotifyRegistered;
};
