#include "fltlog.h"

namespace fltlog {

namespace {

class SpinGuard {
public:
    explicit SpinGuard(PKSPIN_LOCK lock) : m_lock(lock) { KeAcquireSpinLock(m_lock, &m_irql); }
    ~SpinGuard() { KeReleaseSpinLock(m_lock, m_irql); }

private:
    PKSPIN_LOCK m_lock;
    KIRQL m_irql;
};

class NameInfo {
public:
    ~NameInfo()
    {
        if (m_info) {
            FltReleaseFileNameInformation(m_info);
        }
    }
    PFLT_FILE_NAME_INFORMATION* operator&() { return &m_info; }
    PFLT_FILE_NAME_INFORMATION operator->() const { return m_info; }

private:
    PFLT_FILE_NAME_INFORMATION m_info = nullptr;
};

Disposition FromInformation(ULONG_PTR info)
{
    switch (info) {
    case FILE_OPENED:      return Disposition::Opened;
    case FILE_CREATED:     return Disposition::Created;
    case FILE_OVERWRITTEN:
    case FILE_SUPERSEDED:  return Disposition::Overwritten;
    default:               return Disposition::Other;
    }
}

} // namespace

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if ((Flags & FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE || g.ClientPort == nullptr) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    NameInfo name;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &name))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto entry = static_cast<Entry*>(ExAllocateFromNPagedLookasideList(&g.EntryPool));
    if (!entry) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto& rec = entry->Record;
    RtlZeroMemory(&rec, sizeof(rec));
    rec.ProcessId = FltGetRequestorProcessId(Data);
    rec.Result = FromInformation(Data->IoStatus.Information);
    KeQuerySystemTime(&rec.Time);

    USHORT chars = name->Name.Length / sizeof(WCHAR);
    if (chars >= kNameChars) {
        chars = kNameChars - 1;
    }
    RtlCopyMemory(rec.Name, name->Name.Buffer, chars * sizeof(WCHAR));

    Entry* dropped = nullptr;
    {
        SpinGuard guard(&g.QueueLock);
        if (g.QueueDepth >= kMaxQueued) {
            dropped = CONTAINING_RECORD(RemoveHeadList(&g.Queue), Entry, Link);
            g.QueueDepth--;
        }
        InsertTailList(&g.Queue, &entry->Link);
        g.QueueDepth++;
    }
    if (dropped) {
        ExFreeToNPagedLookasideList(&g.EntryPool, dropped);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

ULONG DequeueRecords(LogRecord* out, ULONG maxCount)
{
    ULONG n = 0;
    while (n < maxCount) {
        Entry* entry = nullptr;
        {
            SpinGuard guard(&g.QueueLock);
            if (IsListEmpty(&g.Queue)) {
                break;
            }
            entry = CONTAINING_RECORD(RemoveHeadList(&g.Queue), Entry, Link);
            g.QueueDepth--;
        }
        out[n++] = entry->Record;
        ExFreeToNPagedLookasideList(&g.EntryPool, entry);
    }
    return n;
}

void DrainQueue()
{
    LIST_ENTRY local;
    InitializeListHead(&local);
    {
        SpinGuard guard(&g.QueueLock);
        while (!IsListEmpty(&g.Queue)) {
            InsertTailList(&local, RemoveHeadList(&g.Queue));
        }
        g.QueueDepth = 0;
    }
    while (!IsListEmpty(&local)) {
        auto entry = CONTAINING_RECORD(RemoveHeadList(&local), Entry, Link);
        ExFreeToNPagedLookasideList(&g.EntryPool, entry);
    }
}

} // namespace fltlog
