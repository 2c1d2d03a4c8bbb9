//
// tracker.cpp - keeps the list of medium changer interfaces present
//
#include "wormclass.h"

namespace worm {

FAST_MUTEX ChangerTracker::s_Lock;
LIST_ENTRY ChangerTracker::s_List;
ULONG      ChangerTracker::s_Count  = 0;
PVOID      ChangerTracker::s_Notify = nullptr;

void
ChangerTracker::Init()
{
    ExInitializeFastMutex(&s_Lock);
    InitializeListHead(&s_List);
    s_Count = 0;
}

NTSTATUS
ChangerTracker::Register(_In_ PDRIVER_OBJECT DriverObject)
{
    // include existing interfaces so changers that were there before us
    // show up in the list right away
    return IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                          PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                          const_cast<GUID*>(&GUID_DEVINTERFACE_MEDIUMCHANGER),
                                          DriverObject,
                                          OnInterfaceChange,
                                          nullptr,
                                          &s_Notify);
}

void
ChangerTracker::Unregister()
{
    if (s_Notify != nullptr) {
        IoUnregisterPlugPlayNotificationEx(s_Notify);
        s_Notify = nullptr;
    }
    Clear();
}

ULONG
ChangerTracker::Count()
{
    FastMutexGuard guard(&s_Lock);
    return s_Count;
}

NTSTATUS NTAPI
ChangerTracker::OnInterfaceChange(_In_ PVOID NotificationStructure, _Inout_opt_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    auto n = static_cast<PDEVICE_INTERFACE_CHANGE_NOTIFICATION>(NotificationStructure);

    if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_ARRIVAL)) {
        Add(n->SymbolicLinkName);
    } else if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_REMOVAL)) {
        Remove(n->SymbolicLinkName);
    }
    return STATUS_SUCCESS;
}

void
ChangerTracker::Add(_In_ PCUNICODE_STRING Link)
{
    SIZE_T size = sizeof(Entry) + Link->Length;
    auto e = static_cast<Entry*>(ExAllocatePool2(POOL_FLAG_PAGED, size, WORM_TAG));
    if (e == nullptr) {
        WERR("out of memory tracking %wZ", Link);
        return;
    }
    e->Name.Buffer        = reinterpret_cast<PWCH>(e + 1);
    e->Name.Length        = 0;
    e->Name.MaximumLength = Link->Length;
    RtlCopyUnicodeString(&e->Name, Link);

    FastMutexGuard guard(&s_Lock);
    InsertTailList(&s_List, &e->Link);
    s_Count++;
    WLOG("changer arrived: %wZ", &e->Name);
}

void
ChangerTracker::Remove(_In_ PCUNICODE_STRING Link)
{
    Entry* victim = nullptr;
    {
        FastMutexGuard guard(&s_Lock);
        for (PLIST_ENTRY le = s_List.Flink; le != &s_List; le = le->Flink) {
            auto e = CONTAINING_RECORD(le, Entry, Link);
            if (RtlEqualUnicodeString(&e->Name, Link, TRUE)) {
                RemoveEntryList(&e->Link);
                s_Count--;
                victim = e;
                break;
            }
        }
    }
    if (victim != nullptr) {
        ExFreePoolWithTag(victim, WORM_TAG);
    }
}

void
ChangerTracker::Clear()
{
    FastMutexGuard guard(&s_Lock);
    while (!IsListEmpty(&s_List)) {
        auto e = CONTAINING_RECORD(RemoveHeadList(&s_List), Entry, Link);
        ExFreePoolWithTag(e, WORM_TAG);
    }
    s_Count = 0;
}

} // namespace worm
