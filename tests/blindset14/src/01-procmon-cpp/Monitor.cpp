// Monitor.cpp - registration table + the notification callbacks
#include "Monitor.h"

namespace procmon {

// Order matters: Start() walks it forwards, Stop() and the failure path walk
// it backwards. Image notifications are nice to have, nothing more.
const Monitor::Step Monitor::s_Steps[kRegCount] = {
    { "process", &Monitor::RegisterProcess, &Monitor::UnregisterProcess, false },
    { "thread",  &Monitor::RegisterThread,  &Monitor::UnregisterThread,  false },
    { "image",   &Monitor::RegisterImage,   &Monitor::UnregisterImage,   true  },
};

bool Monitor::s_Active[kRegCount];
LIST_ENTRY Monitor::s_Events;
ULONG Monitor::s_Queued;
kstd::FastMutex Monitor::s_Lock;

// ---------------------------------------------------------------------------
// registration primitives
// ---------------------------------------------------------------------------
NTSTATUS Monitor::RegisterProcess()
{
    return PsSetCreateProcessNotifyRoutineEx(&Monitor::OnProcess, FALSE);
}

void Monitor::UnregisterProcess()
{
    PsSetCreateProcessNotifyRoutineEx(&Monitor::OnProcess, TRUE);
}

NTSTATUS Monitor::RegisterThread()
{
    return PsSetCreateThreadNotifyRoutine(&Monitor::OnThread);
}

void Monitor::UnregisterThread()
{
    PsRemoveCreateThreadNotifyRoutine(&Monitor::OnThread);
}

NTSTATUS Monitor::RegisterImage()
{
    return PsSetLoadImageNotifyRoutine(&Monitor::OnImage);
}

void Monitor::UnregisterImage()
{
    PsRemoveLoadImageNotifyRoutine(&Monitor::OnImage);
}

// ---------------------------------------------------------------------------
// Start / Stop
// ---------------------------------------------------------------------------
NTSTATUS Monitor::Start()
{
    InitializeListHead(&s_Events);
    s_Queued = 0;
    s_Lock.Init();

    for (int i = 0; i < kRegCount; ++i) {
        const Step& step = s_Steps[i];
        NTSTATUS status = step.Do();

        if (NT_SUCCESS(status)) {
            s_Active[i] = true;
            continue;
        }

        if (step.Optional) {
            KdPrint(("procmon: optional '%s' unavailable (0x%08X), going on\n", step.Name, status));
            continue;
        }

        KdPrint(("procmon: '%s' failed (0x%08X), rolling back\n", step.Name, status));
        for (int j = i - 1; j >= 0; --j) {
            if (s_Active[j]) {
                s_Steps[j].Undo();
                s_Active[j] = false;
            }
        }
        Clear();   // whatever the early callbacks queued meanwhile
        return status;
    }

    return STATUS_SUCCESS;
}

void Monitor::Stop()
{
    for (int j = kRegCount - 1; j >= 0; --j) {
        if (s_Active[j]) {
            s_Steps[j].Undo();
            s_Active[j] = false;
        }
    }

    // no callback can run any more, the list is ours
    Clear();
}

void Monitor::Clear()
{
    kstd::AutoLock<kstd::FastMutex> lock(s_Lock);
    while (!IsListEmpty(&s_Events)) {
        auto entry = RemoveHeadList(&s_Events);
        delete CONTAINING_RECORD(entry, Record, Link);
    }
    s_Queued = 0;
}

ULONG Monitor::Drain(PVOID buffer, ULONG length)
{
    auto out = static_cast<EventOut*>(buffer);
    ULONG copied = 0;

    kstd::AutoLock<kstd::FastMutex> lock(s_Lock);
    while (!IsListEmpty(&s_Events) && (copied + 1) * sizeof(EventOut) <= length) {
        auto entry = RemoveHeadList(&s_Events);
        auto rec = CONTAINING_RECORD(entry, Record, Link);
        out[copied++] = rec->Data;
        --s_Queued;
        delete rec;
    }
    return copied * sizeof(EventOut);
}

// ---------------------------------------------------------------------------
// callbacks
// ---------------------------------------------------------------------------
void Monitor::Push(EventKind kind, HANDLE pid, HANDLE tid)
{
    auto rec = new (NonPagedPoolNx, kstd::kPoolTag) Record;
    if (!rec) {
        return;
    }

    rec->Data.Kind = kind;
    rec->Data.ProcessId = HandleToULong(pid);
    rec->Data.ThreadId = HandleToULong(tid);
    KeQuerySystemTimePrecise(&rec->Data.Time);

    kstd::AutoLock<kstd::FastMutex> lock(s_Lock);
    if (s_Queued >= kMaxQueued) {
        // drop the oldest to make room
        auto old = RemoveHeadList(&s_Events);
        delete CONTAINING_RECORD(old, Record, Link);
        --s_Queued;
    }
    InsertTailList(&s_Events, &rec->Link);
    ++s_Queued;
}

void Monitor::OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    UNREFERENCED_PARAMETER(process);
    Push(info ? EventKind::ProcessCreate : EventKind::ProcessExit, pid, nullptr);
}

void Monitor::OnThread(HANDLE pid, HANDLE tid, BOOLEAN create)
{
    Push(create ? EventKind::ThreadCreate : EventKind::ThreadExit, pid, tid);
}

void Monitor::OnImage(PUNICODE_STRING name, HANDLE pid, PIMAGE_INFO info)
{
    UNREFERENCED_PARAMETER(name);
    if (info && info->SystemModeImage) {
        return;   // only user images are interesting here
    }
    Push(EventKind::ImageLoad, pid, nullptr);
}

} // namespace procmon
