// table.cpp - kg::ProcessTable
#include "kguard.h"

namespace kg {

ProcessTable g_Table;

ProcessTable::ProcessTable() : m_count(0)
{
    InitializeListHead(&m_head);
    ExInitializeFastMutex(&m_lock);
}

NTSTATUS ProcessTable::Insert(HANDLE pid, HANDLE parent)
{
    auto e = static_cast<Entry*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(Entry), KG_TAG));
    if (!e) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    e->Pid = pid;
    e->Parent = parent;

    FastMutexGuard g(&m_lock);
    InsertTailList(&m_head, &e->Link);
    m_count++;
    return STATUS_SUCCESS;
}

void ProcessTable::Remove(HANDLE pid)
{
    Entry* found = nullptr;
    {
        FastMutexGuard g(&m_lock);
        for (auto le = m_head.Flink; le != &m_head; le = le->Flink) {
            auto e = CONTAINING_RECORD(le, Entry, Link);
            if (e->Pid == pid) {
                RemoveEntryList(&e->Link);
                m_count--;
                found = e;
                break;
            }
        }
    }
    if (found) {
        ExFreePoolWithTag(found, KG_TAG);
    }
}

void ProcessTable::Clear()
{
    FastMutexGuard g(&m_lock);
    while (!IsListEmpty(&m_head)) {
        auto e = CONTAINING_RECORD(RemoveHeadList(&m_head), Entry, Link);
        ExFreePoolWithTag(e, KG_TAG);
    }
    m_count = 0;
}

} // namespace kg
