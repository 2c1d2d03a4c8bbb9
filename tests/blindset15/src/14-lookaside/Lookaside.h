#pragma once

#include <ntddk.h>

namespace mq {

//
// Thin wrapper over LOOKASIDE_LIST_EX for fixed-size objects of type T.
// Init() must succeed before Alloc()/Free(); Destroy() is idempotent.
//
template <typename T, POOL_TYPE PoolType, ULONG Tag>
class Lookaside {
public:
    NTSTATUS Init()
    {
        NTSTATUS status = ExInitializeLookasideListEx(&m_list, nullptr, nullptr, PoolType,
                                                      0, sizeof(T), Tag, 0);
        m_ready = NT_SUCCESS(status);
        return status;
    }

    void Destroy()
    {
        if (m_ready) {
            ExDeleteLookasideListEx(&m_list);
            m_ready = false;
        }
    }

    T* Alloc()
    {
        void* p = ExAllocateFromLookasideListEx(&m_list);
        if (p != nullptr) {
            RtlZeroMemory(p, sizeof(T));
        }
        return static_cast<T*>(p);
    }

    void Free(T* p)
    {
        ExFreeToLookasideListEx(&m_list, p);
    }

    bool Ready() const { return m_ready; }

private:
    LOOKASIDE_LIST_EX m_list;
    bool m_ready;
};

class FastMutexGuard {
public:
    explicit FastMutexGuard(PFAST_MUTEX m) : m_mutex(m) { ExAcquireFastMutex(m_mutex); }
    ~FastMutexGuard() { ExReleaseFastMutex(m_mutex); }
    FastMutexGuard(const FastMutexGuard&) = delete;
    FastMutexGuard& operator=(const FastMutexGuard&) = delete;

private:
    PFAST_MUTEX m_mutex;
};

} // namespace mq
