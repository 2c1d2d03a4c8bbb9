// kstd.h - the tiny subset of "std" this driver needs in kernel mode.
//
// No exceptions, no RTTI, no CRT initialisation: nothing here has a static
// constructor, and every allocation is explicit about pool type and tag.
// Requires C++17 (guaranteed copy elision for make_scope_exit).

#pragma once

#include <ntddk.h>

//
// Placement new / delete. <new> is not available to kernel code.
//
#ifndef __PLACEMENT_NEW_INLINE
#define __PLACEMENT_NEW_INLINE
inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void __cdecl operator delete(void*, void*) noexcept {}
#endif

//
// Pool-backed operator new, defined in driver.cpp. Non-throwing: a null
// result skips the constructor.
//
void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept;
void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag) noexcept;
void __cdecl operator delete(void* p) noexcept;
void __cdecl operator delete(void* p, size_t) noexcept;
void __cdecl operator delete[](void* p) noexcept;
void __cdecl operator delete[](void* p, size_t) noexcept;

namespace kstd {

constexpr ULONG DefaultTag = 'dGpC';

template <class T> struct remove_reference      { using type = T; };
template <class T> struct remove_reference<T&>  { using type = T; };
template <class T> struct remove_reference<T&&> { using type = T; };

template <class T>
constexpr typename remove_reference<T>::type&& move(T&& t) noexcept
{
    return static_cast<typename remove_reference<T>::type&&>(t);
}

template <class T>
constexpr T&& forward(typename remove_reference<T>::type& t) noexcept
{
    return static_cast<T&&>(t);
}

template <class T, class U = T>
T exchange(T& obj, U&& value) noexcept
{
    T old = move(obj);
    obj = forward<U>(value);
    return old;
}

//
// unique_ptr for single objects allocated with the pool operator new.
//
template <class T>
class unique_ptr {
public:
    constexpr unique_ptr() noexcept = default;
    explicit unique_ptr(T* p) noexcept : m_p(p) {}
    unique_ptr(unique_ptr&& other) noexcept : m_p(other.release()) {}
    unique_ptr& operator=(unique_ptr&& other) noexcept { reset(other.release()); return *this; }
    unique_ptr(const unique_ptr&) = delete;
    unique_ptr& operator=(const unique_ptr&) = delete;
    ~unique_ptr() { reset(); }

    T* get() const noexcept { return m_p; }
    T* operator->() const noexcept { return m_p; }
    T& operator*() const noexcept { return *m_p; }
    explicit operator bool() const noexcept { return m_p != nullptr; }

    T* release() noexcept { return exchange(m_p, nullptr); }

    void reset(T* p = nullptr) noexcept
    {
        T* old = exchange(m_p, p);
        if (old != nullptr) {
            delete old;
        }
    }

private:
    T* m_p = nullptr;
};

template <class T, class... Args>
unique_ptr<T> make_unique(POOL_FLAGS flags, Args&&... args)
{
    return unique_ptr<T>(new (flags, DefaultTag) T(forward<Args>(args)...));
}

//
// Raw, uninitialised pool buffer of Count elements of a trivial type.
//
template <class T, ULONG Tag = DefaultTag>
class pool_buffer {
public:
    pool_buffer() noexcept = default;
    pool_buffer(pool_buffer&& other) noexcept
        : m_p(exchange(other.m_p, nullptr)), m_count(exchange(other.m_count, size_t(0))) {}
    pool_buffer& operator=(pool_buffer&& other) noexcept
    {
        free();
        m_p = exchange(other.m_p, nullptr);
        m_count = exchange(other.m_count, size_t(0));
        return *this;
    }
    pool_buffer(const pool_buffer&) = delete;
    pool_buffer& operator=(const pool_buffer&) = delete;
    ~pool_buffer() { free(); }

    _Must_inspect_result_
    bool allocate(size_t count, POOL_FLAGS flags = POOL_FLAG_PAGED) noexcept
    {
        free();
        if (count == 0 || count > (SIZE_T)-1 / sizeof(T)) {
            return false;
        }
        m_p = static_cast<T*>(ExAllocatePool2(flags, count * sizeof(T), Tag));
        m_count = (m_p != nullptr) ? count : 0;
        return m_p != nullptr;
    }

    void free() noexcept
    {
        if (m_p != nullptr) {
            ExFreePoolWithTag(m_p, Tag);
            m_p = nullptr;
            m_count = 0;
        }
    }

    T* get() const noexcept { return m_p; }
    size_t count() const noexcept { return m_count; }
    size_t bytes() const noexcept { return m_count * sizeof(T); }

private:
    T* m_p = nullptr;
    size_t m_count = 0;
};

//
// Generic owning handle. Traits supply value_type, invalid() and close().
//
template <class Traits>
class unique_handle {
public:
    using value_type = typename Traits::value_type;

    unique_handle() noexcept : m_v(Traits::invalid()) {}
    explicit unique_handle(value_type v) noexcept : m_v(v) {}
    unique_handle(unique_handle&& other) noexcept : m_v(other.release()) {}
    unique_handle& operator=(unique_handle&& other) noexcept { reset(other.release()); return *this; }
    unique_handle(const unique_handle&) = delete;
    unique_handle& operator=(const unique_handle&) = delete;
    ~unique_handle() { reset(); }

    value_type get() const noexcept { return m_v; }
    bool valid() const noexcept { return m_v != Traits::invalid(); }
    explicit operator bool() const noexcept { return valid(); }

    value_type release() noexcept { return exchange(m_v, Traits::invalid()); }

    void reset(value_type v = Traits::invalid()) noexcept
    {
        value_type old = exchange(m_v, v);
        if (old != Traits::invalid()) {
            Traits::close(old);
        }
    }

private:
    value_type m_v;
};

struct kernel_handle_traits {
    using value_type = HANDLE;
    static HANDLE invalid() noexcept { return nullptr; }
    static void close(HANDLE h) noexcept { ZwClose(h); }
};

struct device_object_traits {
    using value_type = PDEVICE_OBJECT;
    static PDEVICE_OBJECT invalid() noexcept { return nullptr; }
    static void close(PDEVICE_OBJECT d) noexcept { IoDeleteDevice(d); }
};

// value is the link name; it must outlive the handle (we only use statics)
struct symbolic_link_traits {
    using value_type = PCUNICODE_STRING;
    static PCUNICODE_STRING invalid() noexcept { return nullptr; }
    static void close(PCUNICODE_STRING name) noexcept
    {
        IoDeleteSymbolicLink(const_cast<PUNICODE_STRING>(name));
    }
};

struct process_notify_traits {
    using value_type = PCREATE_PROCESS_NOTIFY_ROUTINE_EX;
    static value_type invalid() noexcept { return nullptr; }
    static void close(value_type routine) noexcept
    {
        // removal waits for callbacks that are already running
        PsSetCreateProcessNotifyRoutineEx(routine, TRUE);
    }
};

using unique_kernel_handle = unique_handle<kernel_handle_traits>;
using unique_device        = unique_handle<device_object_traits>;
using unique_symlink       = unique_handle<symbolic_link_traits>;
using unique_process_notify = unique_handle<process_notify_traits>;

//
// Runs a callable at scope exit unless dismissed.
//
template <class F>
class scope_exit {
public:
    explicit scope_exit(F f) noexcept : m_f(move(f)) {}
    scope_exit(const scope_exit&) = delete;
    scope_exit& operator=(const scope_exit&) = delete;
    ~scope_exit() { if (m_active) { m_f(); } }
    void dismiss() noexcept { m_active = false; }

private:
    F m_f;
    bool m_active = true;
};

template <class F>
scope_exit<F> make_scope_exit(F f) noexcept
{
    return scope_exit<F>(move(f));
}

//
// Fixed-capacity vector with in-place storage (no allocation of its own).
//
template <class T, size_t N>
class fixed_vector {
public:
    fixed_vector() noexcept = default;
    fixed_vector(const fixed_vector&) = delete;
    fixed_vector& operator=(const fixed_vector&) = delete;
    ~fixed_vector() { clear(); }

    size_t size() const noexcept { return m_size; }
    bool full() const noexcept { return m_size == N; }

    bool push_back(T&& value) noexcept
    {
        if (m_size == N) {
            return false;
        }
        new (&slot(m_size)) T(move(value));
        ++m_size;
        return true;
    }

    void clear() noexcept
    {
        while (m_size != 0) {
            slot(--m_size).~T();
        }
    }

    T* begin() noexcept { return &slot(0); }
    T* end() noexcept { return &slot(0) + m_size; }

private:
    T& slot(size_t i) noexcept { return reinterpret_cast<T*>(m_storage)[i]; }

    alignas(T) unsigned char m_storage[N * sizeof(T)];
    size_t m_size = 0;
};

//
// ERESOURCE wrapper plus RAII lock holders.
//
class EResource {
public:
    EResource() noexcept = default;
    EResource(const EResource&) = delete;
    EResource& operator=(const EResource&) = delete;
    ~EResource()
    {
        if (m_initialized) {
            ExDeleteResourceLite(&m_resource);
        }
    }

    _Must_inspect_result_
    NTSTATUS Initialize() noexcept
    {
        NTSTATUS status = ExInitializeResourceLite(&m_resource);
        m_initialized = NT_SUCCESS(status);
        return status;
    }

    void LockShared() noexcept
    {
        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(&m_resource, TRUE);
    }

    void LockExclusive() noexcept
    {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&m_resource, TRUE);
    }

    void Unlock() noexcept
    {
        ExReleaseResourceLite(&m_resource);
        KeLeaveCriticalRegion();
    }

private:
    ERESOURCE m_resource;           // must be nonpaged: owner is allocated nonpaged
    bool m_initialized = false;
};

template <class L>
class SharedLock {
public:
    explicit SharedLock(L& lock) noexcept : m_lock(lock) { m_lock.LockShared(); }
    ~SharedLock() { m_lock.Unlock(); }
    SharedLock(const SharedLock&) = delete;
    SharedLock& operator=(const SharedLock&) = delete;
private:
    L& m_lock;
};

template <class L>
class ExclusiveLock {
public:
    explicit ExclusiveLock(L& lock) noexcept : m_lock(lock) { m_lock.LockExclusive(); }
    ~ExclusiveLock() { m_lock.Unlock(); }
    ExclusiveLock(const ExclusiveLock&) = delete;
    ExclusiveLock& operator=(const ExclusiveLock&) = delete;
private:
    L& m_lock;
};

} // namespace kstd
