//
// kx.h - small RAII toolkit for kernel-mode C++ (no CRT, no exceptions).
//
// Every owner type here is move-only: copying a registration or a device
// object would mean undoing it twice.  Destructors undo exactly what the
// object owns, so a function that builds several of them as locals gets a
// correct unwind on every early return for free.
//

#pragma once

extern "C" {
#include <ntifs.h>
#include <ntddk.h>
}

namespace kx {

// ---------------------------------------------------------------------------
// std::move / std::exchange without the standard library

template <class T> struct RemoveRef       { using Type = T; };
template <class T> struct RemoveRef<T&>   { using Type = T; };
template <class T> struct RemoveRef<T&&>  { using Type = T; };

template <class T>
constexpr typename RemoveRef<T>::Type&& Move(T&& v) noexcept
{
    return static_cast<typename RemoveRef<T>::Type&&>(v);
}

template <class T, class U = T>
T Exchange(T& obj, U&& value) noexcept
{
    T old = Move(obj);
    obj = static_cast<U&&>(value);
    return old;
}

// ---------------------------------------------------------------------------
// Pool allocation

enum class Pool { NonPaged, Paged };

constexpr ULONG kTag = 'xMpC';

} // namespace kx

void* __cdecl operator new(size_t size, kx::Pool pool) noexcept;
void  __cdecl operator delete(void* p) noexcept;
void  __cdecl operator delete(void* p, size_t) noexcept;
void  __cdecl operator delete(void* p, kx::Pool) noexcept;

namespace kx {

template <class T>
class UniquePtr
{
public:
    UniquePtr() noexcept = default;
    explicit UniquePtr(T* p) noexcept : m_p(p) {}
    ~UniquePtr() { Reset(); }

    UniquePtr(const UniquePtr&) = delete;
    UniquePtr& operator=(const UniquePtr&) = delete;

    UniquePtr(UniquePtr&& other) noexcept : m_p(Exchange(other.m_p, nullptr)) {}
    UniquePtr& operator=(UniquePtr&& other) noexcept
    {
        if (this != &other) {
            Reset(Exchange(other.m_p, nullptr));
        }
        return *this;
    }

    void Reset(T* p = nullptr) noexcept
    {
        T* old = Exchange(m_p, p);
        if (old != nullptr) {
            delete old;
        }
    }

    [[nodiscard]] T* Release() noexcept { return Exchange(m_p, nullptr); }
    T* Get() const noexcept { return m_p; }
    T* operator->() const noexcept { return m_p; }
    explicit operator bool() const noexcept { return m_p != nullptr; }

private:
    T* m_p = nullptr;
};

template <class T, class... Args>
UniquePtr<T> MakeUnique(Pool pool, Args&&... args)
{
    return UniquePtr<T>(new (pool) T(static_cast<Args&&>(args)...));
}

// ---------------------------------------------------------------------------
// Device object + symbolic link

class DeviceObject
{
public:
    DeviceObject() noexcept = default;
    ~DeviceObject() { Reset(); }

    DeviceObject(const DeviceObject&) = delete;
    DeviceObject& operator=(const DeviceObject&) = delete;
    DeviceObject(DeviceObject&& o) noexcept : m_device(Exchange(o.m_device, nullptr)) {}
    DeviceObject& operator=(DeviceObject&& o) noexcept
    {
        if (this != &o) {
            Reset();
            m_device = Exchange(o.m_device, nullptr);
        }
        return *this;
    }

    NTSTATUS Create(PDRIVER_OBJECT driver, PCWSTR name, ULONG extensionSize = 0) noexcept
    {
        UNICODE_STRING ntName;
        RtlInitUnicodeString(&ntName, name);
        Reset();
        NTSTATUS status = IoCreateDevice(driver, extensionSize, &ntName, FILE_DEVICE_UNKNOWN,
                                         FILE_DEVICE_SECURE_OPEN, FALSE, &m_device);
        if (!NT_SUCCESS(status)) {
            m_device = nullptr;
        }
        return status;
    }

    void Reset() noexcept
    {
        if (PDEVICE_OBJECT d = Exchange(m_device, nullptr)) {
            IoDeleteDevice(d);
        }
    }

    PDEVICE_OBJECT Get() const noexcept { return m_device; }

private:
    PDEVICE_OBJECT m_device = nullptr;
};

class SymbolicLink
{
public:
    SymbolicLink() noexcept = default;
    ~SymbolicLink() { Reset(); }

    SymbolicLink(const SymbolicLink&) = delete;
    SymbolicLink& operator=(const SymbolicLink&) = delete;
    SymbolicLink(SymbolicLink&& o) noexcept
        : m_link(o.m_link), m_created(Exchange(o.m_created, false)) {}

    // Both strings must have static storage duration (they are literals in
    // practice); only the pointer is kept.
    NTSTATUS Create(PCWSTR link, PCWSTR target) noexcept
    {
        UNICODE_STRING targetName;
        Reset();
        RtlInitUnicodeString(&m_link, link);
        RtlInitUnicodeString(&targetName, target);
        NTSTATUS status = IoCreateSymbolicLink(&m_link, &targetName);
        m_created = NT_SUCCESS(status);
        return status;
    }

    void Reset() noexcept
    {
        if (Exchange(m_created, false)) {
            IoDeleteSymbolicLink(&m_link);
        }
    }

private:
    UNICODE_STRING m_link{};
    bool m_created = false;
};

// ---------------------------------------------------------------------------
// Process creation notify routine

class ProcessNotify
{
public:
    ProcessNotify() noexcept = default;
    ~ProcessNotify() { Reset(); }

    ProcessNotify(const ProcessNotify&) = delete;
    ProcessNotify& operator=(const ProcessNotify&) = delete;
    ProcessNotify(ProcessNotify&& o) noexcept : m_routine(Exchange(o.m_routine, nullptr)) {}

    NTSTATUS Register(PCREATE_PROCESS_NOTIFY_ROUTINE_EX routine) noexcept
    {
        Reset();
        NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(routine, FALSE);
        if (NT_SUCCESS(status)) {
            m_routine = routine;
        }
        return status;
    }

    void Reset() noexcept
    {
        if (PCREATE_PROCESS_NOTIFY_ROUTINE_EX r = Exchange(m_routine, nullptr)) {
            PsSetCreateProcessNotifyRoutineEx(r, TRUE);
        }
    }

private:
    PCREATE_PROCESS_NOTIFY_ROUTINE_EX m_routine = nullptr;
};

// ---------------------------------------------------------------------------
// Configuration manager (registry) callback.  Not movable: the cookie is
// written by CmRegisterCallbackEx into this object and read back by the
// callback through CmCallbackGetKeyObjectIDEx, so its address must be stable.

class RegistryCallback
{
public:
    RegistryCallback() noexcept = default;
    ~RegistryCallback() { Reset(); }

    RegistryCallback(const RegistryCallback&) = delete;
    RegistryCallback& operator=(const RegistryCallback&) = delete;
    RegistryCallback(RegistryCallback&&) = delete;

    NTSTATUS Register(PEX_CALLBACK_FUNCTION fn, PDRIVER_OBJECT driver,
                      PCWSTR altitude, PVOID context) noexcept
    {
        UNICODE_STRING alt;
        Reset();
        RtlInitUnicodeString(&alt, altitude);
        NTSTATUS status = CmRegisterCallbackEx(fn, &alt, driver, context, &m_cookie, nullptr);
        m_registered = NT_SUCCESS(status);
        return status;
    }

    void Reset() noexcept
    {
        if (Exchange(m_registered, false)) {
            CmUnRegisterCallback(m_cookie);
        }
    }

    PLARGE_INTEGER Cookie() noexcept { return &m_cookie; }

private:
    LARGE_INTEGER m_cookie{};
    bool m_registered = false;
};

} // namespace kx
