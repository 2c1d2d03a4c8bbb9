// ring.cpp - the record ring shared by the notify routines and the flusher.
#include "procwatch.h"

void PwRing::Init()
{
    KeInitializeSpinLock(&m_lock);
    m_head = 0;
    m_count = 0;
    m_dropped = 0;
    RtlZeroMemory(m_items, sizeof(m_items));
}

void PwRing::Push(PwKind kind, HANDLE pid, HANDLE ppid, PCUNICODE_STRING name)
{
    PwRecord rec;

    RtlZeroMemory(&rec, sizeof(rec));
    KeQuerySystemTimePrecise(&rec.Time);
    rec.Kind      = kind;
    rec.ProcessId = HandleToULong(pid);
    rec.ParentId  = HandleToULong(ppid);

    if (name != nullptr && name->Buffer != nullptr) {
        USHORT chars = name->Length / sizeof(WCHAR);
        USHORT skip = 0;

        // keep the tail of long paths, it is the interesting part
        if (chars >= PW_NAME_CHARS) {
            skip = (USHORT)(chars - (PW_NAME_CHARS - 1));
        }
        RtlCopyMemory(rec.Name, name->Buffer + skip, (chars - skip) * sizeof(WCHAR));
    }

    KIRQL irql;
    KeAcquireSpinLock(&m_lock, &irql);

    ULONG slot = (m_head + m_count) % PW_RING_ENTRIES;
    if (m_count == PW_RING_ENTRIES) {
        m_head = (m_head + 1) % PW_RING_ENTRIES;
        m_dropped++;
    } else {
        m_count++;
    }
    m_items[slot] = rec;

    KeReleaseSpinLock(&m_lock, irql);
}

ULONG PwRing::Drain(PwRecord* out, ULONG max)
{
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&m_lock, &irql);
    while (m_count > 0 && n < max) {
        out[n++] = m_items[m_head];
        m_head = (m_head + 1) % PW_RING_ENTRIES;
        m_count--;
    }
    KeReleaseSpinLock(&m_lock, irql);

    return n;
}
