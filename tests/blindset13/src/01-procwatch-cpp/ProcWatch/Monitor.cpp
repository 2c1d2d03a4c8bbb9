//
// Monitor.cpp - the notify callbacks and the ring buffer they feed.
//
#include "Monitor.h"

namespace pw {

EventRing Monitor::Events;

NTSTATUS EventRing::Init()
{
    KeInitializeSpinLock(&m_lock);
    m_items = static_cast<EventRecord*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(EventRecord) * kRingCapacity, kTag));
    if (m_items == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_head = m_count = m_dropped = 0;
    return STATUS_SUCCESS;
}

void EventRing::Free()
{
    if (m_items != nullptr) {
        ExFreePoolWithTag(m_items, kTag);
        m_items = nullptr;
    }
}

void EventRing::Push(const EventRecord& rec)
{
    SpinGuard guard(m_lock);
    if (m_items == nullptr) {
        return;
    }
    ULONG slot = (m_head + m_count) % kRingCapacity;
    m_items[slot] = rec;
    if (m_count < kRingCapacity) {
        ++m_count;
    } else {
        m_head = (m_head + 1) % kRingCapacity;
        ++m_dropped;
    }
}

ULONG EventRing::Drain(EventRecord* out, ULONG maxCount)
{
    SpinGuard guard(m_lock);
    ULONG n = 0;
    while (n < maxCount && m_count > 0) {
        out[n++] = m_items[m_head];
        m_head = (m_head + 1) % kRingCapacity;
        --m_count;
    }
    return n;
}

void Monitor::CopyName(EventRecord& rec, PCUNICODE_STRING name)
{
    rec.Name[0] = L'\0';
    if (name == nullptr || name->Buffer == nullptr) {
        return;
    }
    // keep the tail of the path, it is the interesting part
    constexpr USHORT maxChars = ARRAYSIZE(rec.Name) - 1;
    USHORT chars = name->Length / sizeof(WCHAR);
    USHORT skip = chars > maxChars ? chars - maxChars : 0;
    USHORT take = chars - skip;
    RtlCopyMemory(rec.Name, name->Buffer + skip, take * sizeof(WCHAR));
    rec.Name[take] = L'\0';
}

void Monitor::OnProcess(PEPROCESS, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    EventRecord rec{};
    KeQuerySystemTimePrecise(&rec.Time);
    rec.ProcessId = HandleToULong(ProcessId);
    if (CreateInfo != nullptr) {
        rec.Kind = EventKind::ProcessCreate;
        rec.ThreadOrParentId = HandleToULong(CreateInfo->ParentProcessId);
        CopyName(rec, CreateInfo->ImageFileName);
    } else {
        rec.Kind = EventKind::ProcessExit;
    }
    Events.Push(rec);
}

void Monitor::OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    EventRecord rec{};
    KeQuerySystemTimePrecise(&rec.Time);
    rec.Kind = Create ? EventKind::ThreadCreate : EventKind::ThreadExit;
    rec.ProcessId = HandleToULong(ProcessId);
    rec.ThreadOrParentId = HandleToULong(ThreadId);
    Events.Push(rec);
}

void Monitor::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ImageInfo != nullptr && ImageInfo->SystemModeImage) {
        // drivers are noisy at boot and not what this tool is for
        return;
    }
    EventRecord rec{};
    KeQuerySystemTimePrecise(&rec.Time);
    rec.Kind = EventKind::ImageLoad;
    rec.ProcessId = HandleToULong(ProcessId);
    CopyName(rec, FullImageName);
    Events.Push(rec);
}

} // namespace pw
