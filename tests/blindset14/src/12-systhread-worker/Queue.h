// Queue.h - small helpers: typed lookaside list and an intrusive queue
#pragma once
#include <ntifs.h>          // ZwWaitForSingleObject lives here

// placement new: the worker state is constructed inside the device extension
inline void* __cdecl operator new(size_t, void* where) { return where; }
inline void __cdecl operator delete(void*, void*) {}

namespace wq {

template <typename T, ULONG Tag>
class Lookaside {
public:
    void Init() {
        ExInitializeNPagedLookasideList(&m_list, nullptr, nullptr, POOL_NX_ALLOCATION, sizeof(T), Tag, 0);
    }
    void Destroy() { ExDeleteNPagedLookasideList(&m_list); }

    T* Alloc() {
        auto p = static_cast<T*>(ExAllocateFromNPagedLookasideList(&m_list));
        if (p) RtlZeroMemory(p, sizeof(T));
        return p;
    }
    void Free(T* p) { ExFreeToNPagedLookasideList(&m_list, p); }

private:
    NPAGED_LOOKASIDE_LIST m_list;
};

// LIST_ENTRY queue guarded by a spin lock; T must have a LIST_ENTRY named Link
template <typename T>
class SpinQueue {
public:
    void Init() {
        InitializeListHead(&m_head);
        KeInitializeSpinLock(&m_lock);
        m_count = 0;
    }

    void Push(T* item) {
        KIRQL irql;
        KeAcquireSpinLock(&m_lock, &irql);
        InsertTailList(&m_head, &item->Link);
        ++m_count;
        KeReleaseSpinLock(&m_lock, irql);
    }

    T* Pop() {
        KIRQL irql;
        T* item = nullptr;
        KeAcquireSpinLock(&m_lock, &irql);
        if (!IsListEmpty(&m_head)) {
            item = CONTAINING_RECORD(RemoveHeadList(&m_head), T, Link);
            --m_count;
        }
        KeReleaseSpinLock(&m_lock, irql);
        return item;
    }

    ULONG Count() const { return m_count; }

private:
    LIST_ENTRY m_head;
    KSPIN_LOCK m_lock;
    volatile ULONG m_count;
};

} // namespace wq
