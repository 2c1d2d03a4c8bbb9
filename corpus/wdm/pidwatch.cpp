/*
 * pidwatch: keeps a table of process IDs a tool asked to watch and forgets
 * each one when its process exits. The table is a C++ object with a lock of
 * its own; the process notify routine reaches the lock only through the
 * object's methods. Two namespaces each have a Start and a Stop.
 *
 * Conforming: the table (and its ERESOURCE) is set up before the notify
 * routine that takes the lock is registered.
 */
#include <ntifs.h>

#define PW_TAG 'wPdP'

class PidTable {
public:
    NTSTATUS Init(ULONG Capacity);
    void Destroy();
    void Forget(HANDLE Pid);
private:
    ERESOURCE m_Lock;
    HANDLE *m_Pids;
    ULONG m_Count;
    ULONG m_Capacity;
};

static PidTable g_Pids;

NTSTATUS PidTable::Init(ULONG Capacity)
{
    NTSTATUS status = ExInitializeResourceLite(&m_Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_Pids = static_cast<HANDLE *>(ExAllocatePool2(POOL_FLAG_NON_PAGED, Capacity * sizeof(HANDLE), PW_TAG));
    if (m_Pids == nullptr) {
        ExDeleteResourceLite(&m_Lock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_Count = 0;
    m_Capacity = Capacity;
    return STATUS_SUCCESS;
}

void PidTable::Destroy()
{
    ExFreePoolWithTag(m_Pids, PW_TAG);
    m_Pids = nullptr;
    ExDeleteResourceLite(&m_Lock);
}

void PidTable::Forget(HANDLE Pid)
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&m_Lock, TRUE);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            m_Pids[i] = m_Pids[--m_Count];
            break;
        }
    }
    ExReleaseResourceLite(&m_Lock);
    KeLeaveCriticalRegion();
}

namespace {

VOID PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo == nullptr) {
        g_Pids.Forget(ProcessId);
    }
}

VOID PwThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    UNREFERENCED_PARAMETER(Create);
}

} // namespace

namespace Exits {
NTSTATUS Start() { return PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE); }
void Stop() { PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE); }
} // namespace Exits

namespace Threads {
NTSTATUS Start() { return PsSetCreateThreadNotifyRoutine(PwThreadNotify); }
void Stop() { PsRemoveCreateThreadNotifyRoutine(PwThreadNotify); }
} // namespace Threads

DRIVER_UNLOAD PwUnload;

_Use_decl_annotations_
VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    Threads::Stop();
    Exits::Stop();
    g_Pids.Destroy();
}

extern "C" DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = g_Pids.Init(64);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = Exits::Start();
    if (!NT_SUCCESS(status)) {
        g_Pids.Destroy();
        return status;
    }
    status = Threads::Start();
    if (!NT_SUCCESS(status)) {
        Exits::Stop();
        g_Pids.Destroy();
        return status;
    }
    DriverObject->DriverUnload = PwUnload;
    return STATUS_SUCCESS;
}
