#pragma once
#include <ntddk.h>
#include "common.h"

//
// small RAII helper, works for anything with Lock()/Unlock()
//
template <typename TLock>
class AutoLock {
public:
    explicit AutoLock(TLock& lock) : m_Lock(lock) { m_Lock.Lock(); }
    ~AutoLock() { m_Lock.Unlock(); }
    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;
private:
    TLock& m_Lock;
};

class FastMutex {
public:
    void Init()   { ExInitializeFastMutex(&m_Mutex); }
    void Lock()   { ExAcquireFastMutex(&m_Mutex); }
    void Unlock() { ExReleaseFastMutex(&m_Mutex); }
private:
    FAST_MUTEX m_Mutex;
};

class Protector {
public:
    static void Init();

    static NTSTATUS RegisterObCallbacks();
    static void     UnregisterObCallbacks();

    static NTSTATUS StartProcessWatch();
    static void     StopProcessWatch();

    static bool AddPid(ULONG pid);
    static bool RemovePid(ULONG pid);
    static void Clear();
    static bool IsProtected(ULONG pid);

private:
    static OB_PREOP_CALLBACK_STATUS OnPreOpenProcess(
        PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);

    static void OnProcessNotify(
        PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);

    static FastMutex s_Lock;
    static ULONG     s_Pids[MAX_PROTECTED_PIDS];
    static ULONG     s_Count;
    static PVOID     s_RegHandle;
};
