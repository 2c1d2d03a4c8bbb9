// EventLog.cpp
#include "EventLog.h"

LIST_ENTRY EventLog::s_head;
kutil::FastMutex EventLog::s_lock;
ULONG EventLog::s_queued;
ULONG EventLog::s_dropped;
ULONG EventLog::s_total;
bool EventLog::s_processRegistered;
bool EventLog::s_threadRegistered;

NTSTATUS EventLog::Start()
{
    InitializeListHead(&s_head);
    s_lock.Init();
    s_queued = s_dropped = s_total = 0;

    auto status = PsSetCreateProcessNotifyRoutine(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("sysmon: process notify failed 0x%08X\n", status));
        return status;
    }
    s_processRegistered = true;

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        KdPrint(("sysmon: thread notify failed 0x%08X\n", status));
        PsSetCreateProcessNotifyRoutine(OnProcess, TRUE);
        s_processRegistered = false;
        return status;
    }
    s_threadRegistered = true;

    return STATUS_SUCCESS;
}

void EventLog::Stop()
{
    if (s_threadRegistered) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        s_threadRegistered = false;
    }
    if (s_processRegistered) {
        PsSetCreateProcessNotifyRoutine(OnProcess, TRUE);
        s_processRegistered = false;
    }
    Clear();
}

void EventLog::Push(SysmonEventKind kind, HANDLE pid, HANDLE other)
{
    auto node = new (NonPagedPoolNx) Node;
    if (node == nullptr) {
        InterlockedIncrement(reinterpret_cast<volatile LONG*>(&s_dropped));
        return;
    }

    node->Data.Kind = kind;
    node->Data.ProcessId = HandleToULong(pid);
    node->Data.Other = HandleToULong(other);
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    node->Data.Timestamp = now.QuadPart;

    Node* victim = nullptr;
    {
        kutil::AutoLock<kutil::FastMutex> guard(s_lock);
        if (s_queued >= MaxQueued) {
            auto oldest = RemoveHeadList(&s_head);
            victim = CONTAINING_RECORD(oldest, Node, Link);
            s_queued--;
            s_dropped++;
        }
        InsertTailList(&s_head, &node->Link);
        s_queued++;
        s_total++;
    }
    delete victim;
}

void EventLog::OnProcess(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    Push(Create ? EvProcessCreate : EvProcessExit, ProcessId, ParentId);
}

void EventLog::OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    Push(Create ? EvThreadCreate : EvThreadExit, ProcessId, ThreadId);
}

ULONG EventLog::Drain(PUCHAR buffer, ULONG size)
{
    ULONG copied = 0;
    kutil::AutoLock<kutil::FastMutex> guard(s_lock);

    while (!IsListEmpty(&s_head) && size - copied >= sizeof(SysmonEvent)) {
        auto entry = RemoveHeadList(&s_head);
        auto node = CONTAINING_RECORD(entry, Node, Link);
        RtlCopyMemory(buffer + copied, &node->Data, sizeof(SysmonEvent));
        copied += sizeof(SysmonEvent);
        s_queued--;
        delete node;
    }
    return copied;
}

void EventLog::Stats(SysmonStats* out)
{
    kutil::AutoLock<kutil::FastMutex> guard(s_lock);
    out->Queued = s_queued;
    out->Dropped = s_dropped;
    out->Total = s_total;
}

void EventLog::Clear()
{
    kutil::AutoLock<kutil::FastMutex> guard(s_lock);
    while (!IsListEmpty(&s_head)) {
        auto entry = RemoveHeadList(&s_head);
        delete CONTAINING_RECORD(entry, Node, Link);
    }
    s_queued = 0;
}
