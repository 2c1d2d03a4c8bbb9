#include "EventQueue.h"

EventQueue g_Events;

void EventQueue::Init()
{
    m_lock.Init();
    InitializeListHead(&m_list);
    m_count = 0;
    ExInitializeNPagedLookasideList(&m_pool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Node), AC_TAG, 0);
    ExInitializeRundownProtection(&m_rundown);
}

//
// Called only after every producer (callback) has been unregistered.
//
void EventQueue::Destroy()
{
    ExWaitForRundownProtectionRelease(&m_rundown);

    {
        ac::Locker<ac::SpinLock> lock(m_lock);
        while (!IsListEmpty(&m_list)) {
            Node* node = CONTAINING_RECORD(RemoveHeadList(&m_list), Node, Link);
            ExFreeToNPagedLookasideList(&m_pool, node);
        }
        m_count = 0;
    }

    ExDeleteNPagedLookasideList(&m_pool);
}

void EventQueue::Push(AcEventKind kind, HANDLE pid, HANDLE target, _In_opt_ PCUNICODE_STRING detail)
{
    ac::RundownRef ref(&m_rundown);
    if (!ref) {
        return;
    }

    auto node = static_cast<Node*>(ExAllocateFromNPagedLookasideList(&m_pool));
    if (node == nullptr) {
        return;
    }

    RtlZeroMemory(&node->Record, sizeof(node->Record));
    node->Record.Kind = kind;
    node->Record.ProcessId = HandleToULong(pid);
    node->Record.TargetId = HandleToULong(target);
    KeQuerySystemTimePrecise(&node->Record.Time);
    if (detail != nullptr && detail->Buffer != nullptr) {
        USHORT bytes = min(detail->Length, (USHORT)(sizeof(node->Record.Detail) - sizeof(WCHAR)));
        RtlCopyMemory(node->Record.Detail, detail->Buffer, bytes);
    }

    ac::Locker<ac::SpinLock> lock(m_lock);
    InsertTailList(&m_list, &node->Link);
    if (++m_count > MaxQueued) {
        // drop the oldest record
        ExFreeToNPagedLookasideList(&m_pool, CONTAINING_RECORD(RemoveHeadList(&m_list), Node, Link));
        m_count--;
    }
}

ULONG EventQueue::Drain(_Out_writes_bytes_(length) PVOID buffer, ULONG length)
{
    auto out = static_cast<AcEventRecord*>(buffer);
    ULONG capacity = length / sizeof(AcEventRecord);
    ULONG copied = 0;

    ac::Locker<ac::SpinLock> lock(m_lock);
    while (copied < capacity && !IsListEmpty(&m_list)) {
        Node* node = CONTAINING_RECORD(RemoveHeadList(&m_list), Node, Link);
        m_count--;
        out[copied++] = node->Record;
        ExFreeToNPagedLookasideList(&m_pool, node);
    }
    return copied * sizeof(AcEventRecord);
}
