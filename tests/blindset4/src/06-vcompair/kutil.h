/*
 * kutil.h - small C++ helpers for kernel code: pool new/delete, an owning
 * pool pointer, a scoped framework spin lock and a scoped registry key.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>

#define KUTIL_DEFAULT_TAG 'ltuK'

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag);
void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag);
void __cdecl operator delete(void* p, size_t size);
void __cdecl operator delete[](void* p);
void __cdecl operator delete(void* p);

/*
 * Owns one array allocated with new[] and releases it when it goes out of
 * scope, unless Release() handed the pointer to someone else.
 */
template <typename T>
class KArrayPtr {
public:
    KArrayPtr() : m_p(nullptr) {}
    explicit KArrayPtr(T* p) : m_p(p) {}
    ~KArrayPtr() { Reset(); }

    KArrayPtr(const KArrayPtr&) = delete;
    KArrayPtr& operator=(const KArrayPtr&) = delete;

    void Reset(T* p = nullptr)
    {
        if (m_p != nullptr) {
            delete[] m_p;
        }
        m_p = p;
    }

    T* Release()
    {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }

    T* Get() const { return m_p; }
    T& operator[](size_t i) const { return m_p[i]; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    T* m_p;
};

class KSpinLockGuard {
public:
    explicit KSpinLockGuard(WDFSPINLOCK lock) : m_lock(lock) { WdfSpinLockAcquire(m_lock); }
    ~KSpinLockGuard() { WdfSpinLockRelease(m_lock); }
    KSpinLockGuard(const KSpinLockGuard&) = delete;
    KSpinLockGuard& operator=(const KSpinLockGuard&) = delete;
private:
    WDFSPINLOCK m_lock;
};

/* A framework registry key that closes itself. */
class KRegKey {
public:
    KRegKey() : m_key(nullptr) {}
    ~KRegKey() { Close(); }
    KRegKey(const KRegKey&) = delete;
    KRegKey& operator=(const KRegKey&) = delete;

    NTSTATUS OpenDriverParameters(WDFDRIVER driver)
    {
        Close();
        return WdfDriverOpenParametersRegistryKey(driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &m_key);
    }

    ULONG QueryUlong(PCUNICODE_STRING name, ULONG defaultValue) const
    {
        ULONG value;
        if (m_key == nullptr || !NT_SUCCESS(WdfRegistryQueryULong(m_key, name, &value))) {
            return defaultValue;
        }
        return value;
    }

    void Close()
    {
        if (m_key != nullptr) {
            WdfRegistryClose(m_key);
            m_key = nullptr;
        }
    }

private:
    WDFKEY m_key;
};
