#include "monitor.h"

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag)
{
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p, size_t)
{
    if (p) {
        ExFreePoolWithTag(p, PROCMON_TAG);
    }
}

void __cdecl operator delete(void* p)
{
    if (p) {
        ExFreePoolWithTag(p, PROCMON_TAG);
    }
}

namespace procmon {

LIST_ENTRY Monitor::s_head;
ULONG Monitor::s_count;
ULONG Monitor::s_max;
kpp::FastMutex Monitor::s_lock;

void Monitor::Initialize(ULONG maxItems)
{
    InitializeListHead(&s_head);
    s_count = 0;
    s_max = maxItems;
    s_lock.Init();
}

void Monitor::Shutdown()
{
    kpp::AutoLock<kpp::FastMutex> guard(s_lock);

    while (!IsListEmpty(&s_head)) {
        auto entry = RemoveHeadList(&s_head);
        auto item = CONTAINING_RECORD(entry, Item, Link);
        ExFreePoolWithTag(item->Event, PROCMON_TAG);
        delete item;
    }
    s_count = 0;
}

void Monitor::Push(const EventHeader& ev)
{
    auto copy = static_cast<EventHeader*>(ExAllocatePool2(POOL_FLAG_PAGED, ev.Size, PROCMON_TAG));
    if (!copy) {
        return;
    }
    RtlCopyMemory(copy, &ev, ev.Size);

    auto item = new (POOL_FLAG_PAGED, PROCMON_TAG) Item;
    if (!item) {
        ExFreePoolWithTag(copy, PROCMON_TAG);
        return;
    }
    item->Event = copy;

    kpp::AutoLock<kpp::FastMutex> guard(s_lock);

    if (s_count >= s_max) {
        // drop the oldest one
        auto old = RemoveHeadList(&s_head);
        auto oldItem = CONTAINING_RECORD(old, Item, Link);
        ExFreePoolWithTag(oldItem->Event, PROCMON_TAG);
        delete oldItem;
        s_count--;
    }
    InsertTailList(&s_head, &item->Link);
    s_count++;
}

ULONG Monitor::Drain(PUCHAR buffer, ULONG length)
{
    ULONG written = 0;
    kpp::AutoLock<kpp::FastMutex> guard(s_lock);

    while (!IsListEmpty(&s_head)) {
        auto entry = s_head.Flink;
        auto item = CONTAINING_RECORD(entry, Item, Link);
        const ULONG size = item->Event->Size;
        if (written + size > length) {
            break;
        }
        RtlCopyMemory(buffer + written, item->Event, size);
        written += size;

        RemoveEntryList(entry);
        ExFreePoolWithTag(item->Event, PROCMON_TAG);
        delete item;
        s_count--;
    }
    return written;
}

void Monitor::OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    ProcessEvent ev = {};
    ev.Size = sizeof(ev);
    KeQuerySystemTimePrecise(&ev.Time);
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo) {
        ev.Kind = EventKind::ProcessCreate;
        ev.ParentId = HandleToULong(CreateInfo->ParentProcessId);
    } else {
        ev.Kind = EventKind::ProcessExit;
    }
    Push(ev);
}

void Monitor::OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    ThreadEvent ev = {};
    ev.Kind = Create ? EventKind::ThreadCreate : EventKind::ThreadExit;
    ev.Size = sizeof(ev);
    KeQuerySystemTimePrecise(&ev.Time);
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ThreadId = HandleToULong(ThreadId);
    Push(ev);
}

void Monitor::OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    ImageEvent ev = {};
    ev.Kind = EventKind::ImageLoad;
    ev.Size = sizeof(ev);
    KeQuerySystemTimePrecise(&ev.Time);
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ImageBase = reinterpret_cast<ULONG_PTR>(ImageInfo->ImageBase);
    ev.ImageSize = ImageInfo->ImageSize;

    if (FullImageName && FullImageName->Buffer) {
        const USHORT chars = kpp::Min<USHORT>(FullImageName->Length / sizeof(WCHAR),
                                              static_cast<USHORT>(RTL_NUMBER_OF(ev.Name) - 1));
        RtlCopyMemory(ev.Name, FullImageName->Buffer, chars * sizeof(WCHAR));
    }
    Push(ev);
}

} // namespace procmon
