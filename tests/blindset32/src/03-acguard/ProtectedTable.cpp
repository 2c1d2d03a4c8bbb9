#include "Guard.h"

// all callers run at PASSIVE_LEVEL, so an ERESOURCE lets lookups run shared

NTSTATUS
ProtectedTable::Initialize(
    ULONG Capacity
    )
{
    NTSTATUS status = ExInitializeResourceLite(&m_Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    m_Count = 0;
    m_Capacity = Capacity;
    m_Pids = static_cast<HANDLE*>(ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                  Capacity * sizeof(HANDLE),
                                                  ACG_TAG));
    if (m_Pids == nullptr) {
        m_Capacity = 0;
        ExDeleteResourceLite(&m_Lock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

void
ProtectedTable::Destroy()
{
    if (m_Pids == nullptr) {
        return;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&m_Lock, TRUE);
    HANDLE* pids = m_Pids;
    m_Pids = nullptr;
    m_Count = 0;
    m_Capacity = 0;
    ExReleaseResourceLite(&m_Lock);
    KeLeaveCriticalRegion();

    ExDeleteResourceLite(&m_Lock);
    ExFreePoolWithTag(pids, ACG_TAG);
}

NTSTATUS
ProtectedTable::Add(
    HANDLE Pid
    )
{
    NTSTATUS status = STATUS_QUOTA_EXCEEDED;

    if (Contains(Pid)) {
        return STATUS_SUCCESS;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&m_Lock, TRUE);
    if (m_Count < m_Capacity) {
        m_Pids[m_Count++] = Pid;
        status = STATUS_SUCCESS;
    }
    ExReleaseResourceLite(&m_Lock);
    KeLeaveCriticalRegion();
    return status;
}

void
ProtectedTable::Remove(
    HANDLE Pid
    )
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

bool
ProtectedTable::Contains(
    HANDLE Pid
    )
{
    bool found = false;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&m_Lock, TRUE);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            found = true;
            break;
        }
    }
    ExReleaseResourceLite(&m_Lock);
    KeLeaveCriticalRegion();
    return found;
}
