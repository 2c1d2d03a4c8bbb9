#include "Monitor.h"

namespace mw {

LOOKASIDE_LIST_EX Monitor::s_Pool;
LIST_ENTRY        Monitor::s_List;
KSPIN_LOCK        Monitor::s_Lock;
HANDLE volatile   Monitor::s_Target;
ULONG             Monitor::s_Count;

NTSTATUS Monitor::Init()
{
    InitializeListHead(&s_List);
    KeInitializeSpinLock(&s_Lock);
    s_Target = nullptr;
    s_Count = 0;

    return ExInitializeLookasideListEx(&s_Pool, nullptr, nullptr, NonPagedPoolNx, 0,
                                       sizeof(Record), kTag, 0);
}

// only called once every notify routine is gone
void Monitor::Shutdown()
{
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    DrainLocked();
    KeReleaseSpinLock(&s_Lock, irql);

    ExDeleteLookasideListEx(&s_Pool);
}

void Monitor::DrainLocked()
{
    while (!IsListEmpty(&s_List)) {
        auto rec = CONTAINING_RECORD(RemoveHeadList(&s_List), Record, Link);
        ExFreeToLookasideListEx(&s_Pool, rec);
    }
    s_Count = 0;
}

void Monitor::SetTarget(HANDLE pid)
{
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    s_Target = pid;
    DrainLocked();
    KeReleaseSpinLock(&s_Lock, irql);
}

ULONG Monitor::Read(UserRecord* out, ULONG max)
{
    ULONG n = 0;
    Record* done = nullptr;     // freed outside the lock, chained through Link.Flink
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    while (n < max && !IsListEmpty(&s_List)) {
        auto rec = CONTAINING_RECORD(RemoveHeadList(&s_List), Record, Link);
        out[n++] = rec->Data;
        s_Count--;
        rec->Link.Flink = reinterpret_cast<PLIST_ENTRY>(done);
        done = rec;
    }
    KeReleaseSpinLock(&s_Lock, irql);

    while (done) {
        auto next = reinterpret_cast<Record*>(done->Link.Flink);
        ExFreeToLookasideListEx(&s_Pool, done);
        done = next;
    }
    return n;
}

Record* Monitor::NewRecord(Kind type, HANDLE pid)
{
    auto rec = static_cast<Record*>(ExAllocateFromLookasideListEx(&s_Pool));
    if (rec) {
        RtlZeroMemory(rec, sizeof(*rec));
        rec->Data.Type = type;
        rec->Data.ProcessId = HandleToULong(pid);
        KeQuerySystemTime(&rec->Data.Time);
    }
    return rec;
}

void Monitor::Append(Record* rec)
{
    bool dropped = false;
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Count < kMaxQueued && HandleToULong(s_Target) == rec->Data.ProcessId) {
        InsertTailList(&s_List, &rec->Link);
        s_Count++;
    } else {
        dropped = true;     // full, or target changed while we were building it
    }
    KeReleaseSpinLock(&s_Lock, irql);

    if (dropped) {
        ExFreeToLookasideListEx(&s_Pool, rec);
    }
}

void Monitor::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ProcessId == nullptr || ProcessId != s_Target) {
        return;
    }

    auto rec = NewRecord(Kind::ImageLoad, ProcessId);
    if (!rec) {
        return;
    }

    rec->Data.Base = reinterpret_cast<ULONG_PTR>(ImageInfo->ImageBase);
    rec->Data.Size = ImageInfo->ImageSize;
    rec->Data.Flags = ImageInfo->ExtendedInfoPresent ? 1 : 0;

    if (FullImageName && FullImageName->Buffer) {
        UNICODE_STRING file;
        MwFileNamePart(FullImageName, &file);
        MwCopyName(rec->Data.Name, kNameChars, &file);
    }
    Append(rec);
}

void Monitor::OnThreadCreate(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (!Create || ProcessId != s_Target) {
        return;
    }

    auto rec = NewRecord(Kind::ThreadCreate, ProcessId);
    if (rec) {
        rec->Data.ThreadId = HandleToULong(ThreadId);
        Append(rec);
    }
}

} // namespace mw
