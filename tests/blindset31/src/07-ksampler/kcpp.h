#pragma once
//
// kcpp.h - tiny kernel C++ support: pool operators, RAII helpers
//
#include <ntddk.h>

constexpr ULONG KS_TAG = 'pmSK';

inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p) {
        ExFreePool(p);
    }
}

// unique ownership of a pool block, freed when the owner goes out of scope
template <typename T, ULONG Tag = KS_TAG>
class PoolPtr
{
public:
    PoolPtr() noexcept : m_p(nullptr) {}
    explicit PoolPtr(T* p) noexcept : m_p(p) {}
    ~PoolPtr() { reset(); }

    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    T* get() const noexcept { return m_p; }
    T* operator->() const noexcept { return m_p; }
    explicit operator bool() const noexcept { return m_p != nullptr; }

    T* release() noexcept
    {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }

    void reset(T* p = nullptr) noexcept
    {
        if (m_p != nullptr) {
            ExFreePoolWithTag(m_p, Tag);
        }
        m_p = p;
    }

private:
    T* m_p;
};

// scoped FAST_MUTEX acquisition
class FastMutexGuard
{
public:
    explicit FastMutexGuard(PFAST_MUTEX m) noexcept : m_m(m) { ExAcquireFastMutex(m_m); }
    ~FastMutexGuard() { ExReleaseFastMutex(m_m); }
    FastMutexGuard(const FastMutexGuard&) = delete;
    FastMutexGuard& operator=(const FastMutexGuard&) = delete;
private:
    PFAST_MUTEX m_m;
};

#define KS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ksampler: " fmt "\n", __VA_ARGS__)
