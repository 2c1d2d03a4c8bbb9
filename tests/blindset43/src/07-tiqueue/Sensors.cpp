//
// Sensors.cpp - the process/thread/image callbacks feeding the queue
//
#include "EventQueue.h"

namespace ti {

bool Sensors::s_Process;
bool Sensors::s_Thread;
bool Sensors::s_Image;

void Sensors::OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    TI_EVENT ev = {};
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != nullptr) {
        ev.Kind = TiProcessStart;
        ev.ThreadId = HandleToULong(CreateInfo->ParentProcessId);
    } else {
        ev.Kind = TiProcessStop;
        ev.Value = (ULONG)PsGetProcessExitStatus(Process);
    }
    EventQueue::Push(ev);
}

void Sensors::OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    TI_EVENT ev = {};
    ev.Kind = Create ? TiThreadStart : TiThreadStop;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ThreadId = HandleToULong(ThreadId);

    // creation callback runs in the creator's context
    if (Create && PsGetCurrentProcessId() != ProcessId && PsGetCurrentProcessId() != (HANDLE)4) {
        ev.Flags |= TI_FLAG_REMOTE_THREAD;
        ev.Value = HandleToULong(PsGetCurrentProcessId());
    }
    EventQueue::Push(ev);
}

void Sensors::OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);

    TI_EVENT ev = {};
    ev.Kind = TiImageLoad;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.Value = (ULONG_PTR)ImageInfo->ImageBase;
    if (ImageInfo->SystemModeImage) {
        ev.Flags |= TI_FLAG_KERNEL_IMAGE;
    }
    EventQueue::Push(ev);
}

NTSTATUS Sensors::Start()
{
    auto rollback = []() {
        if (s_Thread) {
            PsRemoveCreateThreadNotifyRoutine(OnThread);
            s_Thread = false;
        }
        if (s_Process) {
            PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
            s_Process = false;
        }
    };

    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        TI_ERR("process notify: %08X", status);
        return status;
    }
    s_Process = true;

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        TI_ERR("thread notify: %08X", status);
        rollback();
        return status;
    }
    s_Thread = true;

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        TI_ERR("image notify: %08X", status);
        rollback();
        return status;
    }
    s_Image = true;

    return STATUS_SUCCESS;
}

void Sensors::Stop()
{
    if (s_Image) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        s_Image = false;
    }
    if (s_Thread) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        s_Thread = false;
    }
    if (s_Process) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        s_Process = false;
    }
}

} // namespace ti
