#pragma once
//
// kstl.h - the handful of C++ helpers this driver needs in kernel mode.
//
#include <ntddk.h>

namespace kstl {

constexpr ULONG DefaultTag = 'tsLK';

// ----- pool-backed new/delete --------------------------------------------

enum class Pool { NonPaged, Paged };

inline void* Allocate(size_t size, Pool pool, ULONG tag)
{
    POOL_FLAGS flags = pool == Pool::Paged ? POOL_FLAG_PAGED : POOL_FLAG_NON_PAGED;
    return ExAllocatePool2(flags, size, tag);
}

} // namespace kstl

inline void* __cdecl operator new(size_t size, kstl::Pool pool, ULONG tag = kstl::DefaultTag)
{
    return kstl::Allocate(size, pool, tag);
}

inline void __cdecl operator delete(void* p, size_t)
{
    if (p) {
        ExFreePool(p);
    }
}

inline void __cdecl operator delete(void* p)
{
    if (p) {
        ExFreePool(p);
    }
}

namespace kstl {

// ----- locks -------------------------------------------------------------

class FastMutex {
public:
    void Init() { ExInitializeFastMutex(&m_mutex); }
    void Lock() { ExAcquireFastMutex(&m_mutex); }
    void Unlock() { ExReleaseFastMutex(&m_mutex); }
private:
    FAST_MUTEX m_mutex;
};

template <typename TLock>
class AutoLock {
public:
    explicit AutoLock(TLock& lock) : m_lock(lock) { m_lock.Lock(); }
    ~AutoLock() { m_lock.Unlock(); }
    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;
private:
    TLock& m_lock;
};

// ----- owning pointer to a pool block ------------------------------------

template <typename T>
class unique_pool {
public:
    unique_pool() = default;
    explicit unique_pool(T* p) : m_p(p) {}
    ~unique_pool() { reset(); }
    unique_pool(unique_pool&& other) noexcept : m_p(other.release()) {}
    unique_pool& operator=(unique_pool&& other) noexcept {
        if (this != &other) { reset(other.release()); }
        return *this;
    }
    unique_pool(const unique_pool&) = delete;
    unique_pool& operator=(const unique_pool&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }
    T* release() { T* p = m_p; m_p = nullptr; return p; }
    void reset(T* p = nullptr) {
        if (m_p) { delete m_p; }
        m_p = p;
    }
private:
    T* m_p = nullptr;
};

} // namespace kstl
