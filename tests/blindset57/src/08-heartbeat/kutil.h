#pragma once
//
// kutil.h - the bits of "std" we allow ourselves in kernel mode
//
#include <ntddk.h>

#define HB_TAG  'tBeH'

// placement new; <new> is not available in the kernel build
inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void  __cdecl operator delete(void*, void*) noexcept {}

namespace hb {

template <typename T> struct remove_reference      { using type = T; };
template <typename T> struct remove_reference<T&>  { using type = T; };
template <typename T> struct remove_reference<T&&> { using type = T; };

template <typename T>
constexpr T&& forward(typename remove_reference<T>::type& t) noexcept { return static_cast<T&&>(t); }

// destroys an object built by MakePool and gives the memory back
template <typename T>
void Destroy(T* p)
{
    if (p != nullptr) {
        p->~T();
        ExFreePoolWithTag(p, HB_TAG);
    }
}

// unique_ptr-alike for pool objects
template <typename T>
class PoolPtr {
public:
    PoolPtr() = default;
    explicit PoolPtr(T* p) : m_p(p) {}
    ~PoolPtr() { reset(); }

    PoolPtr(PoolPtr&& other) noexcept : m_p(other.release()) {}
    PoolPtr& operator=(PoolPtr&& other) noexcept
    {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }
    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

    T* release()
    {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }

    void reset(T* p = nullptr)
    {
        Destroy(m_p);
        m_p = p;
    }

private:
    T* m_p = nullptr;
};

template <typename T, typename... Args>
auto MakePool(POOL_FLAGS Flags, Args&&... args) -> PoolPtr<T>
{
    void* mem = ExAllocatePool2(Flags, sizeof(T), HB_TAG);
    if (mem == nullptr) {
        return PoolPtr<T>();
    }
    return PoolPtr<T>(new (mem) T(forward<Args>(args)...));
}

class SpinLockGuard {
public:
    explicit SpinLockGuard(PKSPIN_LOCK Lock) : m_Lock(Lock) { KeAcquireSpinLock(m_Lock, &m_Irql); }
    ~SpinLockGuard() { KeReleaseSpinLock(m_Lock, m_Irql); }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;
private:
    PKSPIN_LOCK m_Lock;
    KIRQL       m_Irql;
};

} // namespace hb
