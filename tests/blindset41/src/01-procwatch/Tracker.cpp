#include "Tracker.h"

LIST_ENTRY            ProcessTracker::s_Head;
FAST_MUTEX            ProcessTracker::s_Lock;
NPAGED_LOOKASIDE_LIST ProcessTracker::s_Lookaside;
volatile LONG         ProcessTracker::s_Count;
bool                  ProcessTracker::s_Ready;

namespace {

class AutoFastMutex {
public:
    explicit AutoFastMutex(PFAST_MUTEX m) : m_mutex(m) { ExAcquireFastMutex(m_mutex); }
    ~AutoFastMutex() { ExReleaseFastMutex(m_mutex); }
    AutoFastMutex(const AutoFastMutex&) = delete;
    AutoFastMutex& operator=(const AutoFastMutex&) = delete;
private:
    PFAST_MUTEX m_mutex;
};

constexpr USHORT kMaxNameBytes = (PW_MAX_IMAGE_CHARS - 1) * sizeof(WCHAR);

} // namespace

NTSTATUS ProcessTracker::Initialize()
{
    InitializeListHead(&s_Head);
    ExInitializeFastMutex(&s_Lock);
    ExInitializeNPagedLookasideList(&s_Lookaside,
                                    nullptr,
                                    nullptr,
                                    POOL_NX_ALLOCATION,
                                    sizeof(ProcessEntry),
                                    PW_TAG,
                                    0);
    s_Count = 0;
    s_Ready = true;

    PwInfo("tracker ready (entry %u bytes)", static_cast<ULONG>(sizeof(ProcessEntry)));
    return STATUS_SUCCESS;
}

void ProcessTracker::Shutdown()
{
    if (!s_Ready) {
        return;
    }

    {
        AutoFastMutex lock(&s_Lock);
        while (!IsListEmpty(&s_Head)) {
            PLIST_ENTRY link = RemoveHeadList(&s_Head);
            ExFreeToNPagedLookasideList(&s_Lookaside, CONTAINING_RECORD(link, ProcessEntry, Link));
        }
        s_Count = 0;
    }

    ExDeleteNPagedLookasideList(&s_Lookaside);
    s_Ready = false;
}

ProcessEntry* ProcessTracker::FindLocked(HANDLE ProcessId)
{
    for (PLIST_ENTRY e = s_Head.Flink; e != &s_Head; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, ProcessEntry, Link);
        if (entry->ProcessId == ProcessId) {
            return entry;
        }
    }
    return nullptr;
}

void ProcessTracker::TrimLocked()
{
    // oldest entries are at the head
    while (s_Count > PW_MAX_TRACKED && !IsListEmpty(&s_Head)) {
        PLIST_ENTRY link = RemoveHeadList(&s_Head);
        ExFreeToNPagedLookasideList(&s_Lookaside, CONTAINING_RECORD(link, ProcessEntry, Link));
        InterlockedDecrement(&s_Count);
    }
}

void ProcessTracker::OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == nullptr) {
        // exit
        ProcessEntry* gone = nullptr;
        {
            AutoFastMutex lock(&s_Lock);
            gone = FindLocked(ProcessId);
            if (gone) {
                RemoveEntryList(&gone->Link);
                InterlockedDecrement(&s_Count);
            }
        }
        if (gone) {
            PwInfo("exit  pid=%p threads=%lu images=%lu %ws",
                   ProcessId, gone->ThreadCount, gone->ImageLoads, gone->ImageName);
            ExFreeToNPagedLookasideList(&s_Lookaside, gone);
        }
        return;
    }

    auto entry = static_cast<ProcessEntry*>(ExAllocateFromNPagedLookasideList(&s_Lookaside));
    if (!entry) {
        PwWarn("lookaside exhausted, pid=%p not tracked", ProcessId);
        return;
    }
    RtlZeroMemory(entry, sizeof(*entry));
    entry->ProcessId = ProcessId;
    entry->ParentId = CreateInfo->ParentProcessId;
    KeQuerySystemTimePrecise(&entry->CreateTime);

    if (CreateInfo->ImageFileName && CreateInfo->ImageFileName->Buffer) {
        USHORT bytes = CreateInfo->ImageFileName->Length;
        if (bytes > kMaxNameBytes) {
            bytes = kMaxNameBytes;
        }
        RtlCopyMemory(entry->ImageName, CreateInfo->ImageFileName->Buffer, bytes);
        entry->ImageNameChars = bytes / sizeof(WCHAR);
    }

    {
        AutoFastMutex lock(&s_Lock);
        InsertTailList(&s_Head, &entry->Link);
        InterlockedIncrement(&s_Count);
        TrimLocked();
    }

    PwInfo("start pid=%p ppid=%p %ws", ProcessId, CreateInfo->ParentProcessId, entry->ImageName);
}

void ProcessTracker::OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ThreadId);

    AutoFastMutex lock(&s_Lock);
    if (auto entry = FindLocked(ProcessId); entry != nullptr) {
        if (Create) {
            entry->ThreadCount++;
        } else if (entry->ThreadCount) {
            entry->ThreadCount--;
        }
    }
}

void ProcessTracker::OnImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ProcessId == nullptr) {
        // kernel image
        if (FullImageName) {
            PwInfo("driver load %wZ @ %p", FullImageName, ImageInfo->ImageBase);
        }
        return;
    }

    AutoFastMutex lock(&s_Lock);
    if (auto entry = FindLocked(ProcessId); entry != nullptr) {
        entry->ImageLoads++;
    }
}
