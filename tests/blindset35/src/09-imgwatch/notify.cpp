//
// notify.cpp - the three notify routines and their (un)registration
//
#include "imgwatch.h"

namespace iw {
namespace notify {

namespace {

bool g_process = false;
bool g_thread = false;
bool g_image = false;

void CopyPath(IwRecord& rec, PCUNICODE_STRING name)
{
    if (!name || !name->Buffer || !name->Length)
        return;

    USHORT chars = name->Length / sizeof(WCHAR);
    USHORT skip = chars >= IW_PATH_CHARS ? chars - (IW_PATH_CHARS - 1) : 0;
    RtlCopyMemory(rec.Path, name->Buffer + skip, (chars - skip) * sizeof(WCHAR));
    rec.Path[chars - skip] = L'\0';
}

void OnProcess(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    IwRecord rec = {};
    rec.Kind = info ? IwKind::ProcessStart : IwKind::ProcessExit;
    rec.ProcessId = HandleToULong(pid);
    KeQuerySystemTimePrecise(&rec.Time);
    if (info)
        CopyPath(rec, info->ImageFileName);
    EventStore::Push(rec);
}

void OnThread(HANDLE pid, HANDLE tid, BOOLEAN create)
{
    IwRecord rec = {};
    rec.Kind = create ? IwKind::ThreadStart : IwKind::ThreadExit;
    rec.ProcessId = HandleToULong(pid);
    rec.ThreadId = HandleToULong(tid);
    KeQuerySystemTimePrecise(&rec.Time);
    EventStore::Push(rec);
}

void OnImage(PUNICODE_STRING fullName, HANDLE pid, PIMAGE_INFO info)
{
    IwRecord rec = {};
    rec.Kind = IwKind::ImageLoad;
    rec.ProcessId = HandleToULong(pid);     // 0 for drivers
    rec.ImageBase = reinterpret_cast<ULONG_PTR>(info->ImageBase);
    rec.ImageSize = info->ImageSize;
    KeQuerySystemTimePrecise(&rec.Time);
    CopyPath(rec, fullName);
    EventStore::Push(rec);
}

} // namespace

NTSTATUS RegisterAll()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        IWLOG("process notify failed 0x%08X", status);
        return status;
    }
    g_process = true;

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        IWLOG("thread notify failed 0x%08X", status);
        UnregisterAll();
        return status;
    }
    g_thread = true;

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        IWLOG("image notify failed 0x%08X", status);
        UnregisterAll();
        return status;
    }
    g_image = true;

    return STATUS_SUCCESS;
}

// reverse order of RegisterAll; safe to call with only some of them registered
void UnregisterAll()
{
    if (g_image) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        g_image = false;
    }
    if (g_thread) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        g_thread = false;
    }
    if (g_process) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        g_process = false;
    }
}

} // namespace notify
} // namespace iw
