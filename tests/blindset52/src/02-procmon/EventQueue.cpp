#include "EventQueue.h"

namespace pmon {

LIST_ENTRY EventQueue::s_Head;
FastMutex  EventQueue::s_Lock;
ULONG      EventQueue::s_Count;
ULONG      EventQueue::s_Dropped;

void EventQueue::Initialize()
{
    InitializeListHead(&s_Head);
    s_Lock.Init();
    s_Count = 0;
    s_Dropped = 0;
}

EventItem* EventQueue::Allocate(EventType type)
{
    auto item = static_cast<EventItem*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(EventItem), PMON_TAG));
    if (item) {
        item->Data.Type = type;
        LARGE_INTEGER now;
        KeQuerySystemTime(&now);
        item->Data.Time = now.QuadPart;
    }
    return item;
}

void EventQueue::Push(EventItem* item)
{
    EventItem* victim = nullptr;
    {
        AutoLock<FastMutex> guard(s_Lock);

        if (s_Count >= PMON_MAX_QUEUED) {
            // drop the oldest one, the client is not keeping up
            auto entry = RemoveHeadList(&s_Head);
            victim = CONTAINING_RECORD(entry, EventItem, Link);
            s_Count--;
            s_Dropped++;
        }
        InsertTailList(&s_Head, &item->Link);
        s_Count++;
    }

    if (victim) {
        ExFreePoolWithTag(victim, PMON_TAG);
    }
}

ULONG EventQueue::PopInto(PUCHAR buffer, ULONG size)
{
    ULONG copied = 0;
    AutoLock<FastMutex> guard(s_Lock);

    while (!IsListEmpty(&s_Head) && size - copied >= sizeof(EventRecord)) {
        auto entry = RemoveHeadList(&s_Head);
        auto item = CONTAINING_RECORD(entry, EventItem, Link);
        RtlCopyMemory(buffer + copied, &item->Data, sizeof(EventRecord));
        copied += sizeof(EventRecord);
        s_Count--;
        ExFreePoolWithTag(item, PMON_TAG);
    }
    return copied;
}

ULONG EventQueue::Count()
{
    AutoLock<FastMutex> guard(s_Lock);
    return s_Count;
}

void EventQueue::Flush()
{
    AutoLock<FastMutex> guard(s_Lock);
    while (!IsListEmpty(&s_Head)) {
        auto entry = RemoveHeadList(&s_Head);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, EventItem, Link), PMON_TAG);
    }
    if (s_Dropped) {
        LOG("flushed, %lu events were dropped over the lifetime", s_Dropped);
    }
    s_Count = 0;
}

//
// notify routines
//

static void CopyName(EventRecord& rec, PCUNICODE_STRING name)
{
    if (!name || !name->Buffer) {
        rec.NameLength = 0;
        return;
    }
    USHORT chars = name->Length / sizeof(WCHAR);
    if (chars > PMON_MAX_NAME) {
        // keep the tail, the file name is what people care about
        RtlCopyMemory(rec.Name, name->Buffer + (chars - PMON_MAX_NAME), PMON_MAX_NAME * sizeof(WCHAR));
        chars = PMON_MAX_NAME;
    } else {
        RtlCopyMemory(rec.Name, name->Buffer, chars * sizeof(WCHAR));
    }
    rec.NameLength = chars;
}

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    auto item = EventQueue::Allocate(CreateInfo ? EventType::ProcessCreate : EventType::ProcessExit);
    if (!item) {
        return;
    }

    item->Data.ProcessId = HandleToULong(ProcessId);
    if (CreateInfo) {
        item->Data.ParentId = HandleToULong(CreateInfo->ParentProcessId);
        CopyName(item->Data, CreateInfo->ImageFileName);
    }
    EventQueue::Push(item);
}

void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ProcessId == nullptr) {
        return;     // kernel image, not interesting here
    }

    auto item = EventQueue::Allocate(EventType::ImageLoad);
    if (!item) {
        return;
    }
    item->Data.ProcessId = HandleToULong(ProcessId);
    item->Data.ImageBase = reinterpret_cast<ULONG_PTR>(ImageInfo->ImageBase);
    item->Data.ImageSize = ImageInfo->ImageSize;
    CopyName(item->Data, FullImageName);
    EventQueue::Push(item);
}

} // namespace pmon
