#pragma once
//
// Byte ring used as the loopback "wire" of the virtual port.
// One allocation: header followed by the data area.
//
#include <ntddk.h>

namespace vcom {

constexpr ULONG kRingTag = 'gniR';

class RingBuffer
{
public:
    static RingBuffer* Create(size_t capacity)
    {
        auto rb = static_cast<RingBuffer*>(
            ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(RingBuffer) + capacity, kRingTag));
        if (rb != nullptr) {
            rb->m_capacity = capacity;
            rb->Clear();
        }
        return rb;
    }

    static void Destroy(RingBuffer* rb)
    {
        if (rb != nullptr) {
            ExFreePoolWithTag(rb, kRingTag);
        }
    }

    void Clear() { m_head = m_tail = m_count = 0; }

    size_t Count() const { return m_count; }

    size_t Write(const UCHAR* src, size_t len)
    {
        size_t n = 0;
        while (n < len && m_count < m_capacity) {
            Data()[m_tail] = src[n++];
            m_tail = (m_tail + 1) % m_capacity;
            m_count++;
        }
        return n;
    }

    size_t Read(UCHAR* dst, size_t len)
    {
        size_t n = 0;
        while (n < len && m_count != 0) {
            dst[n++] = Data()[m_head];
            m_head = (m_head + 1) % m_capacity;
            m_count--;
        }
        return n;
    }

private:
    UCHAR* Data() { return reinterpret_cast<UCHAR*>(this + 1); }

    size_t m_capacity;
    size_t m_head;
    size_t m_tail;
    size_t m_count;
};

} // namespace vcom
