#pragma once
//
// kutil.h - tiny helpers shared by my drivers (no CRT, no exceptions, no RTTI)
//
#include <ntddk.h>

#define KU_DEFAULT_TAG 'lUuK'

namespace kutil {

template<typename T, POOL_FLAGS Flags = POOL_FLAG_NON_PAGED, ULONG Tag = KU_DEFAULT_TAG>
inline T* AllocPool(SIZE_T count = 1)
{
    return static_cast<T*>(ExAllocatePool2(Flags, sizeof(T) * count, Tag));
}

template<ULONG Tag = KU_DEFAULT_TAG>
inline void FreePool(void* p)
{
    if (p) {
        ExFreePoolWithTag(p, Tag);
    }
}

class SpinLock {
public:
    void Init()   { KeInitializeSpinLock(&m_Lock); }
    void Lock()   { KeAcquireSpinLock(&m_Lock, &m_OldIrql); }
    void Unlock() { KeReleaseSpinLock(&m_Lock, m_OldIrql); }
private:
    KSPIN_LOCK m_Lock;
    KIRQL      m_OldIrql;
};

template<typename TLock>
class AutoLock {
public:
    explicit AutoLock(TLock& lock) : m_Lock(lock) { m_Lock.Lock(); }
    ~AutoLock() { m_Lock.Unlock(); }
    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;
private:
    TLock& m_Lock;
};

//
// typed wrapper over LOOKASIDE_LIST_EX. intended for static storage, so no
// constructor - Init() must be called before use.
//
template<typename T, ULONG Tag>
class Lookaside {
public:
    NTSTATUS Init(POOL_TYPE type = NonPagedPoolNx, USHORT depth = 0)
    {
        NTSTATUS status = ExInitializeLookasideListEx(&m_List, nullptr, nullptr,
                                                      type, 0, sizeof(T), Tag, depth);
        m_Ready = NT_SUCCESS(status);
        return status;
    }

    void Delete()
    {
        if (m_Ready) {
            ExDeleteLookasideListEx(&m_List);
            m_Ready = false;
        }
    }

    T* Alloc()
    {
        return static_cast<T*>(ExAllocateFromLookasideListEx(&m_List));
    }

    void Free(T* p)
    {
        ExFreeToLookasideListEx(&m_List, p);
    }

private:
    LOOKASIDE_LIST_EX m_List;
    bool              m_Ready;
};

} // namespace kutil
