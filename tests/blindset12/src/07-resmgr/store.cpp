#include "kvstore.h"

namespace kv {

ERESOURCE             Store::s_Lock;
NPAGED_LOOKASIDE_LIST Store::s_Pool;
LIST_ENTRY            Store::s_Head;
ULONG                 Store::s_Count;

static bool KeyEquals(const CHAR* a, const CHAR* b)
{
    for (ULONG i = 0; i < kKeyMax; ++i) {
        if (a[i] != b[i]) return false;
        if (a[i] == '\0') return true;
    }
    return true;
}

Entry* Store::FindLocked(const CHAR* key)
{
    for (auto it = s_Head.Flink; it != &s_Head; it = it->Flink) {
        auto e = CONTAINING_RECORD(it, Entry, Link);
        if (KeyEquals(e->Pair.Key, key)) {
            return e;
        }
    }
    return nullptr;
}

NTSTATUS Store::Put(const KvPair& p)
{
    ExclusiveLock lock(&s_Lock);

    if (auto e = FindLocked(p.Key)) {
        RtlCopyMemory(e->Pair.Value, p.Value, kValueMax);
        e->Pair.Value[kValueMax - 1] = '\0';
        return STATUS_SUCCESS;
    }

    auto e = static_cast<Entry*>(ExAllocateFromNPagedLookasideList(&s_Pool));
    if (!e) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    e->Pair = p;
    e->Pair.Key[kKeyMax - 1] = '\0';
    e->Pair.Value[kValueMax - 1] = '\0';
    InsertTailList(&s_Head, &e->Link);
    ++s_Count;
    return STATUS_SUCCESS;
}

NTSTATUS Store::Get(KvPair& p)
{
    SharedLock lock(&s_Lock);
    p.Key[kKeyMax - 1] = '\0';
    auto e = FindLocked(p.Key);
    if (!e) {
        return STATUS_NOT_FOUND;
    }
    RtlCopyMemory(p.Value, e->Pair.Value, kValueMax);
    return STATUS_SUCCESS;
}

NTSTATUS Store::Remove(const CHAR* key)
{
    ExclusiveLock lock(&s_Lock);
    auto e = FindLocked(key);
    if (!e) {
        return STATUS_NOT_FOUND;
    }
    RemoveEntryList(&e->Link);
    --s_Count;
    ExFreeToNPagedLookasideList(&s_Pool, e);
    return STATUS_SUCCESS;
}

void Store::Clear()
{
    ExclusiveLock lock(&s_Lock);
    while (!IsListEmpty(&s_Head)) {
        auto e = CONTAINING_RECORD(RemoveHeadList(&s_Head), Entry, Link);
        ExFreeToNPagedLookasideList(&s_Pool, e);
    }
    s_Count = 0;
}

} // namespace kv
