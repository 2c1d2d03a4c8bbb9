#pragma once

#include <ntddk.h>

//
// Placement new/delete; the kernel has no C++ runtime.
//
inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void __cdecl operator delete(void*, void*) noexcept {}

namespace kutil {

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

template <typename T>
inline T* PoolNew(POOL_FLAGS flags, ULONG tag)
{
    void* mem = ExAllocatePool2(flags, sizeof(T), tag);
    if (mem == nullptr) {
        return nullptr;
    }
    return new (mem) T();
}

template <typename T>
inline void PoolDelete(T* object, ULONG tag)
{
    if (object != nullptr) {
        object->~T();
        ExFreePoolWithTag(object, tag);
    }
}

inline void CopyUnicodeTruncated(PWCHAR dest, size_t destChars, PCUNICODE_STRING src)
{
    if (destChars == 0) {
        return;
    }
    size_t n = 0;
    if (src != nullptr && src->Buffer != nullptr) {
        n = src->Length / sizeof(WCHAR);
        if (n >= destChars) {
            n = destChars - 1;
        }
        RtlCopyMemory(dest, src->Buffer, n * sizeof(WCHAR));
    }
    dest[n] = L'\0';
}

} // namespace kutil
