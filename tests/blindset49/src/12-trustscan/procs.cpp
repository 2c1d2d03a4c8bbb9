//
// procs.cpp - untrusted process bookkeeping
//
#include "trustscan.h"

namespace ts {
namespace procs {

namespace {

struct Entry {
    LIST_ENTRY Link;
    HANDLE     Pid;
};

ERESOURCE  s_Lock;
LIST_ENTRY s_List;
bool       s_Ready = false;

const UNICODE_STRING kDownloadMarkers[] = {
    RTL_CONSTANT_STRING(L"\\Downloads\\"),
    RTL_CONSTANT_STRING(L"\\Temporary Internet Files\\"),
    RTL_CONSTANT_STRING(L"\\INetCache\\"),
};

bool ContainsNoCase(_In_ PCUNICODE_STRING Haystack, _In_ PCUNICODE_STRING Needle)
{
    if (Haystack->Length < Needle->Length) {
        return false;
    }
    USHORT last = (Haystack->Length - Needle->Length) / sizeof(WCHAR);
    for (USHORT i = 0; i <= last; i++) {
        UNICODE_STRING window;
        window.Buffer = Haystack->Buffer + i;
        window.Length = window.MaximumLength = Needle->Length;
        if (RtlEqualUnicodeString(&window, Needle, TRUE)) {
            return true;
        }
    }
    return false;
}

Entry* FindLocked(_In_ HANDLE Pid)
{
    for (auto e = s_List.Flink; e != &s_List; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, Entry, Link);
        if (entry->Pid == Pid) {
            return entry;
        }
    }
    return nullptr;
}

} // anonymous namespace

NTSTATUS Init()
{
    NTSTATUS status = ExInitializeResourceLite(&s_Lock);
    if (NT_SUCCESS(status)) {
        InitializeListHead(&s_List);
        s_Ready = true;
    }
    return status;
}

void Destroy()
{
    if (!s_Ready) {
        return;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_Lock, TRUE);
    while (!IsListEmpty(&s_List)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&s_List), Entry, Link), TS_TAG);
    }
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();

    ExDeleteResourceLite(&s_Lock);
    s_Ready = false;
}

bool IsUntrusted(_In_ HANDLE Pid)
{
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&s_Lock, TRUE);
    bool found = FindLocked(Pid) != nullptr;
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();
    return found;
}

void OnProcess(_Inout_ PEPROCESS Process, _In_ HANDLE Pid, _Inout_opt_ PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);

    auto fromDownloads = [](PCUNICODE_STRING image) {
        for (const auto& marker : kDownloadMarkers) {
            if (ContainsNoCase(image, &marker)) {
                return true;
            }
        }
        return false;
    };

    if (Info != nullptr) {
        if (Info->ImageFileName == nullptr || !fromDownloads(Info->ImageFileName)) {
            return;
        }
        auto entry = static_cast<Entry*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(Entry), TS_TAG));
        if (entry == nullptr) {
            return;             // fail open, as documented for the product
        }
        entry->Pid = Pid;

        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&s_Lock, TRUE);
        InsertTailList(&s_List, &entry->Link);
        ExReleaseResourceLite(&s_Lock);
        KeLeaveCriticalRegion();
        TSLOG("pid %p marked untrusted: %wZ", Pid, Info->ImageFileName);
        return;
    }

    // exit
    Entry* gone = nullptr;
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_Lock, TRUE);
    gone = FindLocked(Pid);
    if (gone != nullptr) {
        RemoveEntryList(&gone->Link);
    }
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();

    if (gone != nullptr) {
        ExFreePoolWithTag(gone, TS_TAG);
    }
}

} // namespace procs
} // namespace ts
