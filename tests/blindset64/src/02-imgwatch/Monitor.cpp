//
// Monitor.cpp - process / image / thread notify routines
//
#include "Monitor.h"
#include "klog.h"

namespace iw {

bool  Monitor::s_ProcessHooked = false;
bool  Monitor::s_ImageHooked   = false;
bool  Monitor::s_ThreadHooked  = false;
Stats Monitor::s_Stats         = {};

static const PCWSTR kSuspiciousDirs[] = {
    L"\\AppData\\Local\\Temp\\",
    L"\\Downloads\\",
    L"\\Users\\Public\\",
};

bool Monitor::PathContains(PCUNICODE_STRING Path, PCWSTR Needle)
{
    if (Path == nullptr || Path->Buffer == nullptr) {
        return false;
    }

    const USHORT hayLen = Path->Length / sizeof(WCHAR);
    const USHORT needleLen = static_cast<USHORT>(wcslen(Needle));
    if (needleLen == 0 || needleLen > hayLen) {
        return false;
    }

    for (USHORT i = 0; i + needleLen <= hayLen; ++i) {
        USHORT j = 0;
        for (; j < needleLen; ++j) {
            if (RtlUpcaseUnicodeChar(Path->Buffer[i + j]) != RtlUpcaseUnicodeChar(Needle[j])) {
                break;
            }
        }
        if (j == needleLen) {
            return true;
        }
    }
    return false;
}

void Monitor::OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == nullptr) {
        return;
    }

    InterlockedIncrement(&s_Stats.Processes);

    if (CreateInfo->ImageFileName != nullptr) {
        LOG_INFO("proc %p <- %p %wZ", ProcessId, CreateInfo->ParentProcessId, CreateInfo->ImageFileName);
    }
}

void Monitor::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ImageInfo->SystemModeImage) {
        InterlockedIncrement(&s_Stats.KernelImages);
        if (FullImageName) {
            LOG_INFO("kernel image %wZ base=%p size=0x%Ix",
                     FullImageName, ImageInfo->ImageBase, ImageInfo->ImageSize);
        }
        return;
    }

    InterlockedIncrement(&s_Stats.Images);

    for (auto dir : kSuspiciousDirs) {
        if (PathContains(FullImageName, dir)) {
            InterlockedIncrement(&s_Stats.Suspicious);
            LOG_WARN("pid %p mapped image from user-writable dir: %wZ", ProcessId, FullImageName);
            break;
        }
    }
}

void Monitor::OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (!Create) {
        return;
    }

    InterlockedIncrement(&s_Stats.Threads);

    //
    // A thread created into another process by a non-system caller is the
    // classic CreateRemoteThread injection pattern.
    //
    HANDLE creator = PsGetCurrentProcessId();
    if (creator != ProcessId && creator != reinterpret_cast<HANDLE>(4) && ProcessId != reinterpret_cast<HANDLE>(4)) {
        InterlockedIncrement(&s_Stats.RemoteThreads);
        LOG_WARN("remote thread %p created in pid %p by pid %p", ThreadId, ProcessId, creator);
    }
}

NTSTATUS Monitor::Start()
{
    NTSTATUS status = STATUS_SUCCESS;

    RtlZeroMemory(const_cast<Stats*>(&s_Stats), sizeof(s_Stats));

    CHECK_STATUS(PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE), "PsSetCreateProcessNotifyRoutineEx");
    s_ProcessHooked = true;

    CHECK_STATUS(PsSetLoadImageNotifyRoutine(OnImageLoad), "PsSetLoadImageNotifyRoutine");
    s_ImageHooked = true;

    CHECK_STATUS(PsSetCreateThreadNotifyRoutine(OnThread), "PsSetCreateThreadNotifyRoutine");
    s_ThreadHooked = true;

    LOG_INFO("all notify routines registered");
    return STATUS_SUCCESS;

cleanup:
    Stop();
    return status;
}

void Monitor::Stop()
{
    if (s_ImageHooked) {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        s_ImageHooked = false;
    }

    if (s_ProcessHooked) {
        // Ex and classic registrations share the same callback array, so the
        // classic entry point removes either kind.
        PsSetCreateProcessNotifyRoutine(reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(OnProcess), TRUE);
        s_ProcessHooked = false;
    }

    LOG_INFO("notify routines removed (proc=%ld img=%ld thr=%ld)",
             s_Stats.Processes, s_Stats.Images, s_Stats.Threads);
}

void Monitor::Snapshot(Stats* out)
{
    out->Processes     = InterlockedCompareExchange(&s_Stats.Processes, 0, 0);
    out->Images        = InterlockedCompareExchange(&s_Stats.Images, 0, 0);
    out->KernelImages  = InterlockedCompareExchange(&s_Stats.KernelImages, 0, 0);
    out->Threads       = InterlockedCompareExchange(&s_Stats.Threads, 0, 0);
    out->RemoteThreads = InterlockedCompareExchange(&s_Stats.RemoteThreads, 0, 0);
    out->Suspicious    = InterlockedCompareExchange(&s_Stats.Suspicious, 0, 0);
}

} // namespace iw
