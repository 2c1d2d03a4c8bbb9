#pragma once
#include <ntddk.h>

#define OBS_TAG        'dhsO'
#define OBS_ALTITUDE   L"321000.5"
#define OBS_DEVICE     L"\\Device\\ObShield"
#define OBS_LINK       L"\\??\\ObShield"
#define OBS_MAX_PIDS   16

#define IOCTL_OBS_PROTECT    CTL_CODE(0x8000, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBS_UNPROTECT  CTL_CODE(0x8000, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBS_CLEAR      CTL_CODE(0x8000, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define PROCESS_TERMINATE_BIT   0x0001
#define PROCESS_VM_WRITE_BIT    0x0020
#define PROCESS_VM_OPERATION_BIT 0x0008

#ifndef DBG_TAG
#define DBG_TAG "obshield"
#endif
#define LOG(x, ...)  DbgPrint(DBG_TAG ": " x "\n", ##__VA_ARGS__)
#define CHECK(expr, label) do { status = (expr); if (!NT_SUCCESS(status)) { \
        LOG(#expr " -> 0x%X", status); goto label; } } while (0)

namespace obs {

// shared / exclusive guards over an ERESOURCE
class SharedLock {
public:
    explicit SharedLock(PERESOURCE r) : m_r(r) {
        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(m_r, TRUE);
    }
    ~SharedLock() { ExReleaseResourceLite(m_r); KeLeaveCriticalRegion(); }
private:
    PERESOURCE m_r;
};

class ExclusiveLock {
public:
    explicit ExclusiveLock(PERESOURCE r) : m_r(r) {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(m_r, TRUE);
    }
    ~ExclusiveLock() { ExReleaseResourceLite(m_r); KeLeaveCriticalRegion(); }
private:
    PERESOURCE m_r;
};

class Policy {
public:
    static NTSTATUS Init();
    static void Term();
    static void Destroy();
    static bool IsProtected(ULONG pid);
    static NTSTATUS Add(ULONG pid);
    static NTSTATUS Remove(ULONG pid);
    static void Clear();
private:
    static ERESOURCE s_lock;
    static ULONG s_pids[OBS_MAX_PIDS];
    static ULONG s_count;
};

} // namespace obs
