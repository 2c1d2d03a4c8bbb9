#include "procwatch.h"

namespace pw {
namespace notify {

static auto MakeItem = [](EventKind kind, ULONG pid) -> EventItem* {
    auto item = static_cast<EventItem*>(ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(EventItem), PW_TAG));
    if (item) {
        RtlZeroMemory(item, sizeof(*item));
        item->Data.Kind = kind;
        item->Data.Size = sizeof(EventHeader);
        item->Data.Pid = pid;
        KeQuerySystemTimePrecise(&item->Data.Time);
    }
    return item;
};

static void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    auto item = MakeItem(CreateInfo ? EventKind::ProcessCreate : EventKind::ProcessExit,
                         HandleToULong(ProcessId));
    if (item)
        PushEvent(item);
}

static void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    auto item = MakeItem(Create ? EventKind::ThreadCreate : EventKind::ThreadExit,
                         HandleToULong(ProcessId));
    if (item) {
        item->Data.Tid = HandleToULong(ThreadId);
        PushEvent(item);
    }
}

static void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    auto item = MakeItem(EventKind::ImageLoad, HandleToULong(ProcessId));
    if (item) {
        item->Data.ImageBase = reinterpret_cast<ULONG64>(ImageInfo->ImageBase);
        PushEvent(item);
    }
}

NTSTATUS RegisterAll()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        PW_TRACE("process notify failed 0x%08X (linked with /INTEGRITYCHECK?)", status);
        return status;
    }

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        PW_TRACE("thread notify failed 0x%08X", status);
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        PW_TRACE("image notify failed 0x%08X", status);
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        return status;
    }

    PW_TRACE("all notify routines registered");
    return STATUS_SUCCESS;
}

void UnregisterAll()
{
    PsRemoveLoadImageNotifyRoutine(OnImage);
    PsRemoveCreateThreadNotifyRoutine(OnThread);
    PsSetCreateProcessNotifyRoutine(reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(OnProcess), TRUE);
}

} // namespace notify
} // namespace pw
