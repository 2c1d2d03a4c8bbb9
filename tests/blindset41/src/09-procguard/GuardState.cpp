#include "guard.h"

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p) {
        ExFreePoolWithTag(p, PG_TAG);
    }
}

void __cdecl operator delete(void* p, POOL_FLAGS, ULONG tag) noexcept
{
    if (p) {
        ExFreePoolWithTag(p, tag);
    }
}

GuardState::GuardState() : m_count(0)
{
    KeInitializeSpinLock(&m_lock);
    RtlZeroMemory(m_pids, sizeof(m_pids));
}

bool GuardState::Protect(HANDLE pid)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    bool ok = false;
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            ok = true;
        }
    }
    if (!ok && m_count < PG_MAX_PIDS) {
        m_pids[m_count++] = pid;
        ok = true;
    }

    KeReleaseInStackQueuedSpinLock(&lh);
    return ok;
}

bool GuardState::Unprotect(HANDLE pid)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    bool removed = false;
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            m_pids[i] = m_pids[--m_count];
            m_pids[m_count] = nullptr;
            removed = true;
            break;
        }
    }

    KeReleaseInStackQueuedSpinLock(&lh);
    return removed;
}

bool GuardState::IsProtected(HANDLE pid)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    bool hit = false;
    for (ULONG i = 0; i < m_count && !hit; i++) {
        hit = (m_pids[i] == pid);
    }

    KeReleaseInStackQueuedSpinLock(&lh);
    return hit;
}
