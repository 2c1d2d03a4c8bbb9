#pragma once
#include <ntddk.h>

#define DRIVER_PREFIX "ProcGuard: "
#define DRIVER_TAG    'drGP'
#define MAX_PIDS      256

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE 0x0001
#endif

// ---------------------------------------------------------------------------
// small helpers (lock + RAII)
// ---------------------------------------------------------------------------

class FastMutex {
public:
    void Init()   { ExInitializeFastMutex(&m_mutex); }
    void Lock()   { ExAcquireFastMutex(&m_mutex); }
    void Unlock() { ExReleaseFastMutex(&m_mutex); }

private:
    FAST_MUTEX m_mutex;
};

template<typename TLock>
struct AutoLock {
    explicit AutoLock(TLock& lock) : m_lock(lock) { m_lock.Lock(); }
    ~AutoLock() { m_lock.Unlock(); }

    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;

private:
    TLock& m_lock;
};

// fixed size set, no allocations (keeps the callbacks simple)
template<typename T, ULONG N>
class FixedSet {
public:
    void Clear() {
        RtlZeroMemory(m_items, sizeof(m_items));
        RtlZeroMemory(m_used, sizeof(m_used));
        m_count = 0;
    }

    bool Contains(T value) const {
        for (ULONG i = 0; i < N; i++) {
            if (m_used[i] && m_items[i] == value)
                return true;
        }
        return false;
    }

    bool Add(T value) {
        if (Contains(value))
            return true;
        for (ULONG i = 0; i < N; i++) {
            if (!m_used[i]) {
                m_items[i] = value;
                m_used[i] = true;
                m_count++;
                return true;
            }
        }
        return false;
    }

    bool Remove(T value) {
        for (ULONG i = 0; i < N; i++) {
            if (m_used[i] && m_items[i] == value) {
                m_used[i] = false;
                m_count--;
                return true;
            }
        }
        return false;
    }

    ULONG Count() const { return m_count; }

private:
    T     m_items[N];
    bool  m_used[N];
    ULONG m_count;
};

struct Globals {
    FixedSet<ULONG, MAX_PIDS> Pids;
    FastMutex Lock;
    PVOID RegHandle;
    volatile LONG DeniedOpens;

    void Init() {
        Lock.Init();
        Pids.Clear();
        RegHandle = nullptr;
        DeniedOpens = 0;
    }
};

extern Globals g_Globals;

// Protector.cpp
OB_PREOP_CALLBACK_STATUS OnPreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);
void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
bool ProtectPid(ULONG pid);
bool UnprotectPid(ULONG pid);
void ClearProtected();
ULONG ProtectedCount();
