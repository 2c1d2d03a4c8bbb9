#include "EventLog.h"

namespace pw {

LIST_ENTRY EventLog::s_head;
FastMutex  EventLog::s_lock;
ULONG      EventLog::s_count = 0;
ULONG      EventLog::s_max   = PW_DEFAULT_MAX;

void EventLog::Init(ULONG maxItems)
{
    InitializeListHead(&s_head);
    s_lock.Init();
    s_count = 0;
    s_max   = maxItems ? maxItems : PW_DEFAULT_MAX;
}

EventItem* EventLog::Allocate(USHORT recordSize)
{
    const SIZE_T total = FIELD_OFFSET(EventItem, Data) + recordSize;
    auto item = static_cast<EventItem*>(ExAllocatePool2(POOL_FLAG_PAGED, total, PW_TAG));
    if (item != nullptr) {
        item->Data.Size = recordSize;
        KeQuerySystemTimePrecise(&item->Data.Time);
    }
    return item;
}

void EventLog::Push(EventItem* item)
{
    AutoLock<FastMutex> lock(s_lock);

    if (s_count >= s_max) {
        // too many, drop the oldest one
        auto old = RemoveHeadList(&s_head);
        s_count--;
        Free(CONTAINING_RECORD(old, EventItem, Link));
    }

    InsertTailList(&s_head, &item->Link);
    s_count++;
}

ULONG EventLog::Drain(PUCHAR buffer, ULONG size)
{
    AutoLock<FastMutex> lock(s_lock);
    ULONG used = 0;

    while (!IsListEmpty(&s_head)) {
        auto entry = s_head.Flink;
        auto item  = CONTAINING_RECORD(entry, EventItem, Link);
        const ULONG recSize = item->Data.Size;

        if (used + recSize > size) {
            break;
        }

        RtlCopyMemory(buffer + used, &item->Data, recSize);
        used += recSize;

        RemoveHeadList(&s_head);
        s_count--;
        Free(item);
    }

    return used;
}

void EventLog::Clear()
{
    AutoLock<FastMutex> lock(s_lock);

    while (!IsListEmpty(&s_head)) {
        Free(CONTAINING_RECORD(RemoveHeadList(&s_head), EventItem, Link));
    }
    s_count = 0;
}

} // namespace pw
