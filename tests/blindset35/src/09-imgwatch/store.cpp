//
// store.cpp - event list + allocator
//
#include "imgwatch.h"

void* __cdecl operator new(size_t size, POOL_FLAGS flags)
{
    return ExAllocatePool2(flags, size, IW_POOL_TAG);
}

void __cdecl operator delete(void* p, size_t)
{
    if (p)
        ExFreePoolWithTag(p, IW_POOL_TAG);
}

void __cdecl operator delete(void* p)
{
    if (p)
        ExFreePoolWithTag(p, IW_POOL_TAG);
}

namespace iw {

Mutex      EventStore::s_lock;
LIST_ENTRY EventStore::s_head;
ULONG      EventStore::s_count;

void EventStore::Init()
{
    s_lock.Init();
    InitializeListHead(&s_head);
    s_count = 0;
}

void EventStore::Destroy()
{
    Locker<Mutex> guard(s_lock);

    while (!IsListEmpty(&s_head)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_head), Node, Link);
        delete node;
    }
    s_count = 0;
}

void EventStore::Push(const IwRecord& rec)
{
    auto node = new (POOL_FLAG_PAGED) Node;
    if (!node)
        return;
    node->Rec = rec;

    Node* victim = nullptr;
    {
        Locker<Mutex> guard(s_lock);
        if (s_count >= IW_MAX_ITEMS) {
            victim = CONTAINING_RECORD(RemoveHeadList(&s_head), Node, Link);
            s_count--;
        }
        InsertTailList(&s_head, &node->Link);
        s_count++;
    }
    delete victim;
}

ULONG EventStore::Pop(IwRecord* out, ULONG max)
{
    ULONG n = 0;
    Locker<Mutex> guard(s_lock);

    while (n < max && !IsListEmpty(&s_head)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_head), Node, Link);
        out[n++] = node->Rec;
        s_count--;
        delete node;
    }
    return n;
}

ULONG EventStore::Count()
{
    Locker<Mutex> guard(s_lock);
    return s_count;
}

} // namespace iw
