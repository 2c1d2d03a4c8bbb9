//
// tracker.cpp
//
// Notify routines and the event queue behind them.
//

#include "proctrace.h"

namespace pt {

LIST_ENTRY          Tracker::s_Queue;
FAST_MUTEX          Tracker::s_Lock;
LOOKASIDE_LIST_EX   Tracker::s_Lookaside;
ULONG               Tracker::s_Queued;
bool                Tracker::s_Ready;
bool                Tracker::s_ProcessCallback;
bool                Tracker::s_ImageCallback;

//
// Queue + lookaside.  Must be up before anything can call Push().
//
NTSTATUS
Tracker::Initialize()
{
    NTSTATUS status;

    InitializeListHead(&s_Queue);
    ExInitializeFastMutex(&s_Lock);
    s_Queued = 0;

    status = ExInitializeLookasideListEx(&s_Lookaside, nullptr, nullptr, NonPagedPoolNx,
                                         0, sizeof(EventEntry), PT_TAG, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    s_Ready = true;
    return STATUS_SUCCESS;
}

VOID
Tracker::Shutdown()
{
    if (!s_Ready) {
        return;
    }

    ExAcquireFastMutex(&s_Lock);
    while (!IsListEmpty(&s_Queue)) {
        auto entry = CONTAINING_RECORD(RemoveHeadList(&s_Queue), EventEntry, Link);
        ExFreeToLookasideListEx(&s_Lookaside, entry);
    }
    s_Queued = 0;
    s_Ready = false;
    ExReleaseFastMutex(&s_Lock);

    ExDeleteLookasideListEx(&s_Lookaside);
}

NTSTATUS
Tracker::RegisterCallbacks()
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PT_LOG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X (linked with /INTEGRITYCHECK?)", status);
        return status;
    }
    s_ProcessCallback = true;

    status = PsSetLoadImageNotifyRoutine(OnImageNotify);
    if (!NT_SUCCESS(status)) {
        PT_LOG("PsSetLoadImageNotifyRoutine failed 0x%08X", status);
        UnregisterCallbacks();
        return status;
    }
    s_ImageCallback = true;

    return STATUS_SUCCESS;
}

VOID
Tracker::UnregisterCallbacks()
{
    if (s_ImageCallback) {
        PsRemoveLoadImageNotifyRoutine(OnImageNotify);
        s_ImageCallback = false;
    }

    if (s_ProcessCallback) {
        PsSetCreateProcessNotifyRoutine(reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(OnProcessNotify), TRUE);
        s_ProcessCallback = false;
    }
}

VOID
Tracker::Push(
    _In_ EventKind Kind,
    _In_ HANDLE ProcessId,
    _In_ HANDLE ParentId,
    _In_opt_ PCUNICODE_STRING Name
    )
{
    auto entry = static_cast<EventEntry *>(ExAllocateFromLookasideListEx(&s_Lookaside));
    if (entry == nullptr) {
        return;
    }

    RtlZeroMemory(entry, sizeof(*entry));
    entry->Record.Kind      = Kind;
    entry->Record.ProcessId = HandleToULong(ProcessId);
    entry->Record.ParentId  = HandleToULong(ParentId);
    KeQuerySystemTimePrecise(reinterpret_cast<PLARGE_INTEGER>(&entry->Record.Timestamp));

    if (Name != nullptr && Name->Buffer != nullptr) {
        //
        // keep the tail of the path, that's the interesting part
        //
        USHORT chars = Name->Length / sizeof(WCHAR);
        USHORT take  = min(chars, (USHORT)(PT_NAME_CHARS - 1));
        RtlCopyMemory(entry->Record.Name, Name->Buffer + (chars - take), take * sizeof(WCHAR));
    }

    ExAcquireFastMutex(&s_Lock);

    if (s_Queued >= PT_MAX_QUEUED) {
        // drop the oldest
        auto old = CONTAINING_RECORD(RemoveHeadList(&s_Queue), EventEntry, Link);
        ExFreeToLookasideListEx(&s_Lookaside, old);
        s_Queued--;
    }

    InsertTailList(&s_Queue, &entry->Link);
    s_Queued++;

    ExReleaseFastMutex(&s_Lock);
}

VOID
Tracker::OnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != nullptr) {
        Push(EventKind::ProcessCreate, ProcessId, CreateInfo->ParentProcessId,
             CreateInfo->ImageFileName);
    } else {
        Push(EventKind::ProcessExit, ProcessId, nullptr, nullptr);
    }
}

VOID
Tracker::OnImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(ImageInfo);

    Push(EventKind::ImageLoad, ProcessId, nullptr, FullImageName);
}

ULONG
Tracker::Drain(
    _Out_writes_(MaxRecords) EventRecord *Out,
    _In_ ULONG MaxRecords
    )
{
    ULONG count = 0;

    ExAcquireFastMutex(&s_Lock);

    while (count < MaxRecords && !IsListEmpty(&s_Queue)) {
        auto entry = CONTAINING_RECORD(RemoveHeadList(&s_Queue), EventEntry, Link);
        Out[count++] = entry->Record;
        ExFreeToLookasideListEx(&s_Lookaside, entry);
        s_Queued--;
    }

    ExReleaseFastMutex(&s_Lock);
    return count;
}

} // namespace pt
