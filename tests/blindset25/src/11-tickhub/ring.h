// ring.h - fixed-capacity FIFO, no allocation, caller provides locking
//
// Copyright (c) TickHub project. BSD-2-Clause.
#pragma once

template <typename T, ULONG Capacity>
class Ring {
public:
    Ring() : m_head(0), m_count(0), m_dropped(0) {}

    bool Empty() const { return m_count == 0; }
    ULONG Count() const { return m_count; }
    ULONG Dropped() const { return m_dropped; }

    // overwrites the oldest element when full
    void Push(const T& item)
    {
        if (m_count == Capacity) {
            m_head = (m_head + 1) % Capacity;
            m_count--;
            m_dropped++;
        }
        m_items[(m_head + m_count) % Capacity] = item;
        m_count++;
    }

    bool Pop(T* item)
    {
        if (m_count == 0) {
            return false;
        }
        *item = m_items[m_head];
        m_head = (m_head + 1) % Capacity;
        m_count--;
        return true;
    }

private:
    static_assert(Capacity > 0, "Ring needs room for at least one element");

    T     m_items[Capacity];
    ULONG m_head;
    ULONG m_count;
    ULONG m_dropped;
};
