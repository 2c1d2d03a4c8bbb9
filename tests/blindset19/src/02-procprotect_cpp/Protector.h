#pragma once
//
// Protector.h - "ProcGuard" kernel-side class
//
// Little C++ wrapper around the usual process-protection plumbing so the
// driver entry stays readable.  No CRT, no exceptions, no global ctors:
// the one instance is allocated from pool in DriverEntry.
//
#include <ntddk.h>

#define PROTECTOR_TAG          'rPgP'
#define PROTECTOR_DEVICE_NAME  L"\\Device\\ProcGuard"
#define PROTECTOR_LINK_NAME    L"\\??\\ProcGuard"

#define PROTECTOR_DEVICE_TYPE  FILE_DEVICE_UNKNOWN
#define IOCTL_PROTECT_ADD      CTL_CODE(PROTECTOR_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PROTECT_REMOVE   CTL_CODE(PROTECTOR_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PROTECT_CLEAR    CTL_CODE(PROTECTOR_DEVICE_TYPE, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE 0x0001
#endif

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag);
void  __cdecl operator delete(void* p);
void  __cdecl operator delete(void* p, size_t size);

// Small RAII lock holder for the FAST_MUTEX member.
class FastMutexLocker {
public:
    explicit FastMutexLocker(PFAST_MUTEX m) : m_Mutex(m) { ExAcquireFastMutex(m_Mutex); }
    ~FastMutexLocker() { ExReleaseFastMutex(m_Mutex); }
    FastMutexLocker(const FastMutexLocker&) = delete;
    FastMutexLocker& operator=(const FastMutexLocker&) = delete;
private:
    PFAST_MUTEX m_Mutex;
};

class ProcessProtector {
public:
    static const ULONG MaxPids = 32;

    ProcessProtector();
    ~ProcessProtector();

    NTSTATUS Initialize(_In_ PDRIVER_OBJECT DriverObject);
    NTSTATUS DeviceControl(_In_ PIRP Irp);

    bool IsProtected(ULONG Pid);
    bool AddPid(ULONG Pid);
    bool RemovePid(ULONG Pid);
    void Clear();

private:
    void Teardown();

    static OB_PREOP_CALLBACK_STATUS OnPreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);
    static VOID OnProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create);

    static ProcessProtector* s_Instance;

    PDEVICE_OBJECT m_Device;
    bool           m_LinkCreated;
    bool           m_NotifyRegistered;
    PVOID          m_ObHandle;
    FAST_MUTEX     m_Lock;
    ULONG          m_Count;
    ULONG          m_Pids[MaxPids];
};
