//
// ring.cpp - fixed-size event ring shared by the callback and the IOCTL path.
//
#include "regwatch.h"

namespace rw {

EventRing g_Ring;

NTSTATUS EventRing::Initialize(ULONG capacity)
{
    kutil::pool_ptr<EventRecord, PoolTag> records(
        kutil::pool_ptr<EventRecord, PoolTag>::allocate(capacity));
    if (!records) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    kutil::lock_guard guard(m_lock);
    m_records = records.release();
    m_capacity = capacity;
    m_head = 0;
    m_count = 0;
    RtlZeroMemory(&m_counters, sizeof(m_counters));
    return STATUS_SUCCESS;
}

void EventRing::Release()
{
    EventRecord* records;

    {
        kutil::lock_guard guard(m_lock);
        records = m_records;
        m_records = nullptr;
        m_capacity = 0;
        m_count = 0;
    }

    if (records != nullptr) {
        ExFreePoolWithTag(records, PoolTag);
    }
}

void EventRing::Push(const EventRecord& record)
{
    kutil::lock_guard guard(m_lock);

    if (m_records == nullptr) {
        return;
    }
    if (m_count == m_capacity) {
        // overwrite the oldest
        m_head = (m_head + 1) % m_capacity;
        m_count--;
        m_counters.Dropped++;
    }
    m_records[(m_head + m_count) % m_capacity] = record;
    m_count++;
    m_counters.Recorded++;
}

ULONG EventRing::Drain(EventRecord* out, ULONG max)
{
    kutil::lock_guard guard(m_lock);
    ULONG n = 0;

    while (n < max && m_count != 0) {
        out[n++] = m_records[m_head];
        m_head = (m_head + 1) % m_capacity;
        m_count--;
    }
    m_counters.Read += n;
    return n;
}

Counters EventRing::Snapshot()
{
    kutil::lock_guard guard(m_lock);
    return m_counters;
}

} // namespace rw
