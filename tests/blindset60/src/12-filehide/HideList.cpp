//
// HideList.cpp
//
#include "FileHide.h"

using namespace fh;

ERESOURCE  HideList::s_Lock;
LIST_ENTRY HideList::s_Head;
ULONG      HideList::s_Count       = 0;
bool       HideList::s_Initialized = false;

NTSTATUS HideList::Init()
{
    InitializeListHead(&s_Head);
    s_Count = 0;

    NTSTATUS status = ExInitializeResourceLite(&s_Lock);
    if (NT_SUCCESS(status)) {
        s_Initialized = true;
    }
    return status;
}

void HideList::Destroy()
{
    if (!s_Initialized) {
        return;
    }
    Clear();
    ExDeleteResourceLite(&s_Lock);
    s_Initialized = false;
}

NTSTATUS HideList::Add(PCWSTR name, USHORT bytes)
{
    if (bytes == 0 || bytes > FH_MAX_NAME * sizeof(WCHAR) || (bytes & 1)) {
        return STATUS_INVALID_PARAMETER;
    }

    auto entry = static_cast<Entry*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(Entry) + bytes, FH_TAG));
    if (entry == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    entry->Name.Buffer        = reinterpret_cast<PWCH>(entry + 1);
    entry->Name.Length        = bytes;
    entry->Name.MaximumLength = bytes;
    RtlCopyMemory(entry->Name.Buffer, name, bytes);

    NTSTATUS status = STATUS_SUCCESS;
    ExEnterCriticalRegionAndAcquireResourceExclusive(&s_Lock);
    if (s_Count >= FH_MAX_ENTRIES) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        InsertTailList(&s_Head, &entry->Link);
        s_Count++;
        entry = nullptr;
    }
    ExReleaseResourceAndLeaveCriticalRegion(&s_Lock);

    if (entry != nullptr) {
        ExFreePoolWithTag(entry, FH_TAG);
    }
    return status;
}

void HideList::ClearLocked()
{
    while (!IsListEmpty(&s_Head)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&s_Head), Entry, Link), FH_TAG);
    }
    s_Count = 0;
}

void HideList::Clear()
{
    ExEnterCriticalRegionAndAcquireResourceExclusive(&s_Lock);
    ClearLocked();
    ExReleaseResourceAndLeaveCriticalRegion(&s_Lock);
}

bool HideList::Contains(PCWCH name, ULONG bytes)
{
    if (bytes == 0 || bytes > MAXUSHORT) {
        return false;
    }
    UNICODE_STRING candidate;
    candidate.Buffer = const_cast<PWCH>(name);
    candidate.Length = candidate.MaximumLength = static_cast<USHORT>(bytes);

    bool hit = false;
    ExEnterCriticalRegionAndAcquireResourceShared(&s_Lock);
    for (auto p = s_Head.Flink; p != &s_Head && !hit; p = p->Flink) {
        hit = RtlEqualUnicodeString(&CONTAINING_RECORD(p, Entry, Link)->Name, &candidate, TRUE) != FALSE;
    }
    ExReleaseResourceAndLeaveCriticalRegion(&s_Lock);
    return hit;
}
