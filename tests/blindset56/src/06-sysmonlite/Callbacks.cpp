#include "EventQueue.h"

namespace sysmon {

namespace {

bool g_ProcessCb = false;
bool g_ThreadCb  = false;
bool g_ImageCb   = false;

void CopyName(WCHAR (&dst)[SML_IMAGE_CHARS], PCUNICODE_STRING src)
{
    if (!src || !src->Buffer) {
        return;
    }
    USHORT chars = src->Length / sizeof(WCHAR);
    USHORT skip  = 0;
    if (chars >= SML_IMAGE_CHARS) {
        skip  = chars - (SML_IMAGE_CHARS - 1);      // keep the end of the path
        chars = SML_IMAGE_CHARS - 1;
    }
    RtlCopyMemory(dst, src->Buffer + skip, chars * sizeof(WCHAR));
    dst[chars] = L'\0';
}

void OnProcess(PEPROCESS, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    auto e = EventQueue::Alloc();
    if (!e) {
        return;
    }
    e->ProcessId = HandleToULong(ProcessId);
    if (CreateInfo) {
        e->Kind  = EventKind::ProcessStart;
        e->Extra = HandleToULong(CreateInfo->ParentProcessId);
        CopyName(e->Image, CreateInfo->ImageFileName);
    } else {
        e->Kind = EventKind::ProcessStop;
    }
    EventQueue::Push(e);
}

void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    // system process threads are just noise
    if (ProcessId == reinterpret_cast<HANDLE>(4)) {
        return;
    }
    auto e = EventQueue::Alloc();
    if (!e) {
        return;
    }
    e->Kind      = Create ? EventKind::ThreadStart : EventKind::ThreadStop;
    e->ProcessId = HandleToULong(ProcessId);
    e->Extra     = HandleToULong(ThreadId);
    EventQueue::Push(e);
}

void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    auto e = EventQueue::Alloc();
    if (!e) {
        return;
    }
    e->Kind      = EventKind::ImageLoad;
    e->ProcessId = HandleToULong(ProcessId);
    e->Extra     = static_cast<ULONG>(ImageInfo->ImageSize);
    CopyName(e->Image, FullImageName);
    EventQueue::Push(e);
}

} // namespace

bool RegisterCallbacks()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        SML_ERR("process notify 0x%08X", status);
        return false;
    }
    g_ProcessCb = true;

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        SML_ERR("thread notify 0x%08X", status);
        UnregisterCallbacks();
        return false;
    }
    g_ThreadCb = true;

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        SML_ERR("image notify 0x%08X", status);
        UnregisterCallbacks();
        return false;
    }
    g_ImageCb = true;

    return true;
}

void UnregisterCallbacks()
{
    if (g_ImageCb) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        g_ImageCb = false;
    }
    if (g_ThreadCb) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        g_ThreadCb = false;
    }
    if (g_ProcessCb) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        g_ProcessCb = false;
    }
}

} // namespace sysmon
