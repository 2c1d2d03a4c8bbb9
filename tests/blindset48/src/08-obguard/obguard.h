//
// obguard.h - ObGuard: strips dangerous access rights from handles opened
// to a protected process image.
//
#pragma once

#include <ntddk.h>

#define OG_TAG                  'dGbO'
#define OG_DEFAULT_ALTITUDE     L"321450.7"
#define OG_DEFAULT_IMAGE        L"guardsvc.exe"
#define OG_MAX_PROTECTED        32

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION    0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif

#define OG_DENIED_ACCESS  (PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_WRITE)

#define OG_LOG(fmt, ...) KdPrint(("obguard: " fmt "\n", __VA_ARGS__))

namespace obguard {

//
// Minimal owning pointer for pool allocations.
//
template <typename T, ULONG Tag>
class PoolPtr {
public:
    PoolPtr() = default;
    explicit PoolPtr(T* p) : m_p(p) {}
    ~PoolPtr() { reset(); }

    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    void reset(T* p = nullptr)
    {
        if (m_p != nullptr) {
            ExFreePoolWithTag(m_p, Tag);
        }
        m_p = p;
    }
    T*   get() const     { return m_p; }
    T*   release()       { T* p = m_p; m_p = nullptr; return p; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    T* m_p = nullptr;
};

using WStrPtr = PoolPtr<WCHAR, OG_TAG>;

class SpinLockGuard {
public:
    explicit SpinLockGuard(PKSPIN_LOCK Lock) : m_lock(Lock) { KeAcquireSpinLock(m_lock, &m_irql); }
    ~SpinLockGuard() { KeReleaseSpinLock(m_lock, m_irql); }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;
private:
    PKSPIN_LOCK m_lock;
    KIRQL       m_irql;
};

class Config {
public:
    static NTSTATUS ReadString(_In_ PCUNICODE_STRING RegistryPath, _In_ PCWSTR Name,
                               _Inout_ WStrPtr& Storage, _Inout_ PUNICODE_STRING Value);
};

class ProcessTracker {
public:
    static NTSTATUS Initialize(_In_ PCUNICODE_STRING ProtectedImage);
    static void     Shutdown();
    static bool     IsProtected(_In_ HANDLE ProcessId);

private:
    static void OnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                                _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

    static KSPIN_LOCK     s_Lock;
    static HANDLE         s_Pids[OG_MAX_PROTECTED];
    static ULONG          s_Count;
    static UNICODE_STRING s_Image;
    static bool           s_Registered;
};

class ObFilter {
public:
    static NTSTATUS Register(_In_ PCUNICODE_STRING Altitude);
    static void     Unregister();

private:
    static OB_PREOP_CALLBACK_STATUS PreProcessHandle(_In_ PVOID RegistrationContext,
                                                     _Inout_ POB_PRE_OPERATION_INFORMATION Info);
    static PVOID s_Handle;
};

} // namespace obguard
