//
// tracker.cpp - the changed-file set
//
#include "snapkeeper.h"
#include "guards.h"

namespace sk {

ERESOURCE            Tracker::s_Lock;
PAGED_LOOKASIDE_LIST Tracker::s_Pool;
LIST_ENTRY           Tracker::s_List;
ULONG                Tracker::s_Count = 0;
bool                 Tracker::s_Ready = false;

#pragma code_seg(push, "PAGE")

NTSTATUS Tracker::Initialize()
{
    PAGED_CODE();

    NTSTATUS status = ExInitializeResourceLite(&s_Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ExInitializePagedLookasideList(&s_Pool, nullptr, nullptr, 0,
                                   sizeof(ChangedFile), SK_ENTRY_TAG, 0);
    InitializeListHead(&s_List);
    s_Count = 0;
    s_Ready = true;
    return STATUS_SUCCESS;
}

void Tracker::Shutdown()
{
    PAGED_CODE();

    if (!s_Ready) {
        return;
    }

    {
        ExclusiveLock lock(&s_Lock);
        while (!IsListEmpty(&s_List)) {
            auto entry = CONTAINING_RECORD(RemoveHeadList(&s_List), ChangedFile, Link);
            ExFreeToPagedLookasideList(&s_Pool, entry);
        }
        s_Count = 0;
    }   // lock released before the resource is deleted

    ExDeletePagedLookasideList(&s_Pool);
    ExDeleteResourceLite(&s_Lock);
    s_Ready = false;
}

bool Tracker::Contains(_In_ PCUNICODE_STRING Name)
{
    PAGED_CODE();

    for (auto e = s_List.Flink; e != &s_List; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, ChangedFile, Link);
        UNICODE_STRING s;
        s.Buffer = entry->Name;
        s.Length = entry->Bytes;
        s.MaximumLength = sizeof(entry->Name);
        if (RtlEqualUnicodeString(&s, Name, TRUE)) {
            return true;
        }
    }
    return false;
}

void Tracker::Add(_In_ PCUNICODE_STRING Name)
{
    PAGED_CODE();

    if (Name->Length == 0 || Name->Length > sizeof(ChangedFile::Name)) {
        return;
    }

    ExclusiveLock lock(&s_Lock);

    if (s_Count >= SK_MAX_ENTRIES || Contains(Name)) {
        return;
    }

    auto entry = static_cast<ChangedFile*>(ExAllocateFromPagedLookasideList(&s_Pool));
    if (entry == nullptr) {
        SK_ERR("out of memory, %wZ not tracked", Name);
        return;
    }

    entry->Bytes = Name->Length;
    RtlCopyMemory(entry->Name, Name->Buffer, Name->Length);
    InsertTailList(&s_List, &entry->Link);
    s_Count++;
}

#pragma code_seg(pop)

} // namespace sk
