// pidset.cpp - a process watcher in C++ that keeps the processes it saw
// start in a set made with its class's pool operator new; the notify
// routine adds to it.
//
// Conforming: the unload routine removes the notify routine first and
// deletes the set after, when nothing can reach it any more.

#include <ntddk.h>

#define PS_TAG 'tSdP'

class PidSet {
public:
    void *operator new(size_t size, POOL_FLAGS flags) noexcept
    {
        return ExAllocatePool2(flags, size, PS_TAG);
    }
    void operator delete(void *p) noexcept
    {
        if (p != nullptr) {
            ExFreePoolWithTag(p, PS_TAG);
        }
    }

    PidSet() : m_count(0) { KeInitializeSpinLock(&m_lock); }
    void Add(HANDLE pid)
    {
        KIRQL irql;
        KeAcquireSpinLock(&m_lock, &irql);
        if (m_count < 64) {
            m_pids[m_count++] = pid;
        }
        KeReleaseSpinLock(&m_lock, irql);
    }

private:
    KSPIN_LOCK m_lock;
    ULONG m_count;
    HANDLE m_pids[64];
};

static PidSet *g_Seen;

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PsUnload;

static VOID PsOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo != nullptr) {
        g_Seen->Add(ProcessId);
    }
}

VOID PsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(PsOnProcess, TRUE);
    delete g_Seen;
    g_Seen = nullptr;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Seen = new (POOL_FLAG_NON_PAGED) PidSet();
    if (g_Seen == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(PsOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        delete g_Seen;
        g_Seen = nullptr;
        return status;
    }
    DriverObject->DriverUnload = PsUnload;
    return STATUS_SUCCESS;
}
