#include "ring.h"

namespace el {

KSPIN_LOCK  EventRing::s_lock;
EL_EVENT*   EventRing::s_buffer = nullptr;
ULONG       EventRing::s_capacity = 0;
ULONG       EventRing::s_head = 0;
ULONG       EventRing::s_count = 0;
ULONG       EventRing::s_dropped = 0;

NTSTATUS EventRing::Init(ULONG capacity)
{
    NT_ASSERT(s_buffer == nullptr);

    if (capacity == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    KeInitializeSpinLock(&s_lock);

    s_buffer = static_cast<EL_EVENT*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, SIZE_T(capacity) * sizeof(EL_EVENT), EL_TAG));
    if (!s_buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    s_capacity = capacity;
    s_head = 0;
    s_count = 0;
    s_dropped = 0;
    return STATUS_SUCCESS;
}

void EventRing::Destroy()
{
    EL_EVENT* buffer;
    {
        SpinLockGuard guard(s_lock);
        buffer = s_buffer;
        s_buffer = nullptr;
        s_capacity = 0;
        s_count = 0;
    }
    if (buffer) {
        ExFreePoolWithTag(buffer, EL_TAG);
    }
}

void EventRing::Push(const EL_EVENT& ev)
{
    SpinLockGuard guard(s_lock);

    if (!s_buffer) {
        return;
    }

    s_buffer[s_head] = ev;
    s_head = (s_head + 1) % s_capacity;

    if (s_count < s_capacity) {
        s_count++;
    } else {
        s_dropped++;
    }
}

ULONG EventRing::Pop(EL_EVENT* out, ULONG maxCount)
{
    SpinLockGuard guard(s_lock);
    ULONG n = 0;

    if (!s_buffer) {
        return 0;
    }

    // oldest record sits at (head - count) mod capacity
    while (n < maxCount && s_count > 0) {
        ULONG tail = (s_head + s_capacity - s_count) % s_capacity;
        out[n++] = s_buffer[tail];
        s_count--;
    }
    return n;
}

} // namespace el
