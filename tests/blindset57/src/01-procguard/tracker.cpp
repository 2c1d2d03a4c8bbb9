#include "tracker.h"

LIST_ENTRY            ProcessTracker::s_Head;
FAST_MUTEX            ProcessTracker::s_Lock;
NPAGED_LOOKASIDE_LIST ProcessTracker::s_Pool;
PG_STATS              ProcessTracker::s_Stats;

NTSTATUS ProcessTracker::Initialize()
{
    InitializeListHead(&s_Head);
    ExInitializeFastMutex(&s_Lock);
    ExInitializeNPagedLookasideList(&s_Pool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(ProcEntry), PG_TAG, 0);
    RtlZeroMemory(&s_Stats, sizeof(s_Stats));

    PGLOG("tracker ready (entry %u bytes)", static_cast<ULONG>(sizeof(ProcEntry)));
    return STATUS_SUCCESS;
}

void ProcessTracker::Shutdown()
{
    {
        FastMutexGuard lock(&s_Lock);
        FreeAllLocked();
    }
    ExDeleteNPagedLookasideList(&s_Pool);
    PGLOG("tracker down: created=%lu exited=%lu dropped=%lu",
          s_Stats.ProcessesCreated, s_Stats.ProcessesExited, s_Stats.Dropped);
}

template <typename Pred>
ProcEntry* ProcessTracker::FindLocked(Pred&& pred)
{
    for (auto link = s_Head.Flink; link != &s_Head; link = link->Flink) {
        auto entry = CONTAINING_RECORD(link, ProcEntry, Link);
        if (pred(entry)) {
            return entry;
        }
    }
    return nullptr;
}

void ProcessTracker::FreeAllLocked()
{
    while (!IsListEmpty(&s_Head)) {
        auto link = RemoveHeadList(&s_Head);
        ExFreeToNPagedLookasideList(&s_Pool, CONTAINING_RECORD(link, ProcEntry, Link));
    }
    s_Stats.Tracked = 0;
}

ProcEntry* ProcessTracker::NewEntry(HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    auto entry = static_cast<ProcEntry*>(ExAllocateFromNPagedLookasideList(&s_Pool));
    if (entry == nullptr) {
        return nullptr;
    }
    RtlZeroMemory(entry, sizeof(*entry));

    entry->ProcessId = ProcessId;
    entry->ParentId  = CreateInfo->ParentProcessId;
    KeQuerySystemTimePrecise(&entry->CreateTime);

    if (CreateInfo->ImageFileName != nullptr && CreateInfo->ImageFileName->Buffer != nullptr) {
        // keep the tail of the path, that is where the interesting part is
        const ULONG chars = CreateInfo->ImageFileName->Length / sizeof(WCHAR);
        const ULONG room  = PG_IMAGE_CHARS - 1;
        const ULONG first = chars > room ? chars - room : 0;
        RtlCopyMemory(entry->Image,
                      CreateInfo->ImageFileName->Buffer + first,
                      (chars - first) * sizeof(WCHAR));
    }
    return entry;
}

void ProcessTracker::OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != nullptr) {
        auto entry = NewEntry(ProcessId, CreateInfo);

        FastMutexGuard lock(&s_Lock);
        s_Stats.ProcessesCreated++;
        if (entry == nullptr) {
            s_Stats.Dropped++;
            return;
        }
        if (s_Stats.Tracked >= PG_MAX_TRACKED) {
            s_Stats.Dropped++;
            ExFreeToNPagedLookasideList(&s_Pool, entry);
            return;
        }
        InsertTailList(&s_Head, &entry->Link);
        s_Stats.Tracked++;
        return;
    }

    FastMutexGuard lock(&s_Lock);
    s_Stats.ProcessesExited++;
    auto entry = FindLocked([ProcessId](const ProcEntry* e) { return e->ProcessId == ProcessId; });
    if (entry != nullptr) {
        RemoveEntryList(&entry->Link);
        s_Stats.Tracked--;
        ExFreeToNPagedLookasideList(&s_Pool, entry);
    }
}

void ProcessTracker::OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ThreadId);

    FastMutexGuard lock(&s_Lock);
    if (!Create) {
        s_Stats.ThreadsExited++;
        return;
    }
    s_Stats.ThreadsCreated++;

    auto entry = FindLocked([ProcessId](const ProcEntry* e) { return e->ProcessId == ProcessId; });
    if (entry != nullptr) {
        entry->Threads++;
    }
}

void ProcessTracker::Snapshot(PG_STATS* Out)
{
    FastMutexGuard lock(&s_Lock);
    *Out = s_Stats;
}

void ProcessTracker::Clear()
{
    FastMutexGuard lock(&s_Lock);
    FreeAllLocked();
    s_Stats.Dropped = 0;
}
