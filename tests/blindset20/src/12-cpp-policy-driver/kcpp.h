/*++

Copyright (c) Trey Research Security.  All rights reserved.

Module Name:

    kcpp.h

Abstract:

    Minimal kernel C++ support used by the policy driver: pool-tagged
    operator new/delete (no exceptions; allocation failure yields
    nullptr), RAII lock guards, an owning pool pointer and an owning
    UNICODE_STRING.

    Built with /kernel (no exceptions, no RTTI).  No global objects with
    constructors are used, since there is no CRT to run them.

Environment:

    Kernel mode.

--*/

#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

//
// Allocation.  The placement form takes pool flags and a tag; being
// noexcept, a failed allocation makes the new-expression yield nullptr
// without running the constructor.
//
void* __cdecl operator new(size_t Size, POOL_FLAGS Flags, ULONG Tag) noexcept;
void  __cdecl operator delete(void* Pointer, POOL_FLAGS Flags, ULONG Tag) noexcept;
void  __cdecl operator delete(void* Pointer) noexcept;
void  __cdecl operator delete(void* Pointer, size_t Size) noexcept;

//
// Status propagation.
//
#define KPOL_RETURN_IF_FAILED(_expr)                                        \
    do {                                                                    \
        const NTSTATUS _status = (_expr);                                   \
        if (!NT_SUCCESS(_status)) {                                         \
            KPOL_LOG_ERROR("%s -> 0x%08X", #_expr, _status);                \
            return _status;                                                 \
        }                                                                   \
    } while (0)

#if DBG
#define KPOL_LOG_ERROR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kpol: " _fmt "\n", __VA_ARGS__)
#define KPOL_LOG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kpol: " _fmt "\n", __VA_ARGS__)
#else
#define KPOL_LOG_ERROR(_fmt, ...) ((void)0)
#define KPOL_LOG(_fmt, ...)       ((void)0)
#endif

namespace kcpp {

class NonCopyable
{
protected:
    NonCopyable() = default;
    ~NonCopyable() = default;

private:
    NonCopyable(const NonCopyable&) = delete;
    NonCopyable& operator=(const NonCopyable&) = delete;
};

//
// Push lock with scoped guards.  EX_PUSH_LOCK needs no teardown.
//
class PushLock : NonCopyable
{
public:
    PushLock() { ExInitializePushLock(&m_Lock); }

    _Acquires_exclusive_lock_(m_Lock)
    void LockExclusive()
    {
        KeEnterCriticalRegion();
        ExAcquirePushLockExclusive(&m_Lock);
    }

    _Acquires_shared_lock_(m_Lock)
    void LockShared()
    {
        KeEnterCriticalRegion();
        ExAcquirePushLockShared(&m_Lock);
    }

    _Releases_exclusive_lock_(m_Lock)
    void UnlockExclusive()
    {
        ExReleasePushLockExclusive(&m_Lock);
        KeLeaveCriticalRegion();
    }

    _Releases_shared_lock_(m_Lock)
    void UnlockShared()
    {
        ExReleasePushLockShared(&m_Lock);
        KeLeaveCriticalRegion();
    }

private:
    EX_PUSH_LOCK m_Lock;
};

class ExclusiveGuard : NonCopyable
{
public:
    explicit ExclusiveGuard(PushLock& Lock) : m_Lock(Lock) { m_Lock.LockExclusive(); }
    ~ExclusiveGuard() { m_Lock.UnlockExclusive(); }

private:
    PushLock& m_Lock;
};

class SharedGuard : NonCopyable
{
public:
    explicit SharedGuard(PushLock& Lock) : m_Lock(Lock) { m_Lock.LockShared(); }
    ~SharedGuard() { m_Lock.UnlockShared(); }

private:
    PushLock& m_Lock;
};

//
// Owning pointer for objects created with the pool operator new.
//
template <typename T>
class UniquePtr : NonCopyable
{
public:
    UniquePtr() : m_Ptr(nullptr) {}
    explicit UniquePtr(T* Ptr) : m_Ptr(Ptr) {}
    ~UniquePtr() { Reset(); }

    T* Get() const { return m_Ptr; }
    T* operator->() const { return m_Ptr; }
    explicit operator bool() const { return m_Ptr != nullptr; }

    T* Release()
    {
        T* ptr = m_Ptr;
        m_Ptr = nullptr;
        return ptr;
    }

    void Reset(T* Ptr = nullptr)
    {
        if (m_Ptr != nullptr) {
            delete m_Ptr;
        }
        m_Ptr = Ptr;
    }

private:
    T* m_Ptr;
};

//
// Owning UNICODE_STRING (paged pool).
//
class UnicodeString : NonCopyable
{
public:
    UnicodeString() { RtlZeroMemory(&m_String, sizeof(m_String)); }
    ~UnicodeString() { Free(); }

    NTSTATUS Assign(_In_ PCUNICODE_STRING Source, _In_ ULONG Tag)
    {
        Free();

        if (Source->Length == 0) {
            return STATUS_SUCCESS;
        }

        m_String.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, Source->Length, Tag));
        if (m_String.Buffer == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }

        m_String.MaximumLength = Source->Length;
        RtlCopyUnicodeString(&m_String, Source);
        return STATUS_SUCCESS;
    }

    void Free()
    {
        if (m_String.Buffer != nullptr) {
            ExFreePool(m_String.Buffer);
        }
        RtlZeroMemory(&m_String, sizeof(m_String));
    }

    PCUNICODE_STRING Get() const { return &m_String; }
    bool IsEmpty() const { return m_String.Length == 0; }

private:
    UNICODE_STRING m_String;
};

} // namespace kcpp
