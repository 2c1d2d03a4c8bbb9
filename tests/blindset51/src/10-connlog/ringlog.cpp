//
// ringlog.cpp - fixed size ring of connect records, oldest overwritten
//
#include "connlog.h"

namespace connlog {

CONNLOG_ENTRY* Ring::s_buf = nullptr;
ULONG          Ring::s_head = 0;
ULONG          Ring::s_count = 0;
KSPIN_LOCK     Ring::s_lock;

NTSTATUS Ring::Init()
{
    KeInitializeSpinLock(&s_lock);
    s_buf = static_cast<CONNLOG_ENTRY*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(CONNLOG_ENTRY) * CL_RING_SIZE, CL_TAG));
    s_head = s_count = 0;
    return s_buf ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

void Ring::Free()
{
    if (s_buf != nullptr) {
        ExFreePoolWithTag(s_buf, CL_TAG);
        s_buf = nullptr;
    }
}

void Ring::Push(const CONNLOG_ENTRY& e)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&s_lock, &lh);
    s_buf[(s_head + s_count) % CL_RING_SIZE] = e;
    if (s_count < CL_RING_SIZE) {
        ++s_count;
    } else {
        s_head = (s_head + 1) % CL_RING_SIZE;
    }
    KeReleaseInStackQueuedSpinLock(&lh);
}

ULONG Ring::Drain(CONNLOG_ENTRY* out, ULONG max)
{
    KLOCK_QUEUE_HANDLE lh;
    ULONG n = 0;
    KeAcquireInStackQueuedSpinLock(&s_lock, &lh);
    while (n < max && s_count > 0) {
        out[n++] = s_buf[s_head];
        s_head = (s_head + 1) % CL_RING_SIZE;
        --s_count;
    }
    KeReleaseInStackQueuedSpinLock(&lh);
    return n;
}

} // namespace connlog
