#pragma once
#include "kutil.h"

#define HB_SLOTS  256

namespace hb {

struct Sample {
    ULONG64 Sequence;
    ULONG64 InterruptTime;      // KeQueryInterruptTime at DPC time
};

class RingBuffer {
public:
    RingBuffer()
    {
        KeInitializeSpinLock(&m_Lock);
        m_Next  = 0;
        m_Count = 0;
        m_Seq   = 0;
    }

    ~RingBuffer()
    {
        KdPrint(("heartbeat: ring destroyed after %I64u samples\n", m_Seq));
    }

    void Push(ULONG64 Now)
    {
        SpinLockGuard lock(&m_Lock);
        m_Slots[m_Next].Sequence      = ++m_Seq;
        m_Slots[m_Next].InterruptTime = Now;
        m_Next = (m_Next + 1) % HB_SLOTS;
        if (m_Count < HB_SLOTS) {
            m_Count++;
        }
    }

    // copies the newest samples, oldest first; returns how many
    ULONG Read(Sample* Out, ULONG Max)
    {
        SpinLockGuard lock(&m_Lock);
        ULONG n = Max < m_Count ? Max : m_Count;
        ULONG first = (m_Next + HB_SLOTS - n) % HB_SLOTS;
        for (ULONG i = 0; i < n; i++) {
            Out[i] = m_Slots[(first + i) % HB_SLOTS];
        }
        return n;
    }

    ULONG64 Last()
    {
        SpinLockGuard lock(&m_Lock);
        return m_Count ? m_Slots[(m_Next + HB_SLOTS - 1) % HB_SLOTS].InterruptTime : 0;
    }

private:
    KSPIN_LOCK m_Lock;
    ULONG      m_Next;
    ULONG      m_Count;
    ULONG64    m_Seq;
    Sample     m_Slots[HB_SLOTS];
};

} // namespace hb
