//
// volumes.cpp - the volume table, fed by PnP interface notifications
//
#include <ntddk.h>
#include <initguid.h>
#include <wdmguid.h>
#include <ntddstor.h>

#include "volwatch.h"

namespace volwatch {

FAST_MUTEX  VolumeTable::s_Lock;
LIST_ENTRY  VolumeTable::s_Head;
ULONG       VolumeTable::s_Count;

void VolumeTable::Initialize()
{
    ExInitializeFastMutex(&s_Lock);
    InitializeListHead(&s_Head);
    s_Count = 0;
}

void VolumeTable::Destroy()
{
    ExAcquireFastMutex(&s_Lock);
    while (!IsListEmpty(&s_Head)) {
        PLIST_ENTRY link = RemoveHeadList(&s_Head);
        ExFreePoolWithTag(CONTAINING_RECORD(link, VolumeEntry, Link), VW_TAG);
    }
    s_Count = 0;
    ExReleaseFastMutex(&s_Lock);
}

ULONG VolumeTable::Count()
{
    ExAcquireFastMutex(&s_Lock);
    ULONG count = s_Count;
    ExReleaseFastMutex(&s_Lock);
    return count;
}

void VolumeTable::Dump()
{
    ExAcquireFastMutex(&s_Lock);
    for (PLIST_ENTRY e = s_Head.Flink; e != &s_Head; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, VolumeEntry, Link);
        VW_TRACE("  %wZ", &entry->Name);
    }
    ExReleaseFastMutex(&s_Lock);
}

void VolumeTable::Add(PCUNICODE_STRING Name)
{
    SIZE_T size = FIELD_OFFSET(VolumeEntry, Buffer) + Name->Length + sizeof(WCHAR);
    auto entry = static_cast<VolumeEntry*>(ExAllocatePool2(POOL_FLAG_PAGED, size, VW_TAG));
    if (entry == nullptr) {
        VW_TRACE("out of memory for %wZ", Name);
        return;
    }

    RtlCopyMemory(entry->Buffer, Name->Buffer, Name->Length);
    entry->Name.Buffer = entry->Buffer;
    entry->Name.Length = Name->Length;
    entry->Name.MaximumLength = Name->Length + sizeof(WCHAR);

    ExAcquireFastMutex(&s_Lock);
    InsertTailList(&s_Head, &entry->Link);
    s_Count++;
    ExReleaseFastMutex(&s_Lock);
}

void VolumeTable::Remove(PCUNICODE_STRING Name)
{
    VolumeEntry* found = nullptr;

    ExAcquireFastMutex(&s_Lock);
    for (PLIST_ENTRY e = s_Head.Flink; e != &s_Head; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, VolumeEntry, Link);
        if (RtlEqualUnicodeString(&entry->Name, Name, TRUE)) {
            RemoveEntryList(&entry->Link);
            s_Count--;
            found = entry;
            break;
        }
    }
    ExReleaseFastMutex(&s_Lock);

    if (found != nullptr) {
        ExFreePoolWithTag(found, VW_TAG);
    }
}

_Use_decl_annotations_
NTSTATUS VolumeTable::OnInterfaceChange(PVOID NotificationStructure, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    auto n = static_cast<PDEVICE_INTERFACE_CHANGE_NOTIFICATION>(NotificationStructure);

    if (!IsEqualGUID(n->InterfaceClassGuid, GUID_DEVINTERFACE_VOLUME)) {
        return STATUS_SUCCESS;
    }

    if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_ARRIVAL)) {
        VW_TRACE("arrival %wZ", n->SymbolicLinkName);
        Add(n->SymbolicLinkName);
    } else if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_REMOVAL)) {
        VW_TRACE("removal %wZ", n->SymbolicLinkName);
        Remove(n->SymbolicLinkName);
    }

    return STATUS_SUCCESS;
}

} // namespace volwatch
