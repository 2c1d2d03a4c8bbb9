#include "EdrMini.h"

namespace em {

namespace {
bool g_ProcessOn;
bool g_ImageOn;

Event* NewEvent(EventKind kind, HANDLE pid)
{
    auto ev = static_cast<Event*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(Event), EM_TAG));
    if (ev) {
        ev->Kind = kind;
        ev->ProcessId = HandleToULong(pid);
    }
    return ev;
}

void SendAndFree(Event* ev)
{
    Port::Post(*ev);
    ExFreePoolWithTag(ev, EM_TAG);
}
} // namespace

VOID Notify::OnProcess(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO createInfo)
{
    auto ev = NewEvent(createInfo ? EventKind::ProcessStart : EventKind::ProcessStop, pid);
    if (!ev) {
        return;
    }
    if (createInfo) {
        ev->ParentId = HandleToULong(createInfo->ParentProcessId);
        FillName(*ev, createInfo->ImageFileName);
    }
    SendAndFree(ev);
}

VOID Notify::OnImage(PUNICODE_STRING fullImageName, HANDLE pid, PIMAGE_INFO imageInfo)
{
    if (imageInfo->SystemModeImage) {
        return;     // drivers are covered by the agent's own ETW session
    }
    auto ev = NewEvent(EventKind::ImageLoad, pid);
    if (!ev) {
        return;
    }
    ev->ImageBase = reinterpret_cast<ULONG_PTR>(imageInfo->ImageBase);
    FillName(*ev, fullImageName);
    SendAndFree(ev);
}

NTSTATUS Notify::StartProcess()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                         reinterpret_cast<PVOID>(OnProcess), FALSE);
    if (NT_SUCCESS(status)) {
        g_ProcessOn = true;
    } else {
        EM_TRACE("PsSetCreateProcessNotifyRoutineEx2 %08X", status);
    }
    return status;
}

void Notify::StopProcess()
{
    if (g_ProcessOn) {
        PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                           reinterpret_cast<PVOID>(OnProcess), TRUE);
        g_ProcessOn = false;
    }
}

NTSTATUS Notify::StartImage()
{
    NTSTATUS status = PsSetLoadImageNotifyRoutineEx(OnImage, PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE);
    if (NT_SUCCESS(status)) {
        g_ImageOn = true;
    } else {
        EM_TRACE("PsSetLoadImageNotifyRoutineEx %08X", status);
    }
    return status;
}

void Notify::StopImage()
{
    if (g_ImageOn) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        g_ImageOn = false;
    }
}

} // namespace em
