//
// Heartbeat.cpp - a system thread that stamps a heartbeat record into the
// ring once a second so the agent can tell a quiet system from a dead driver.
//
#include "SharedRing.h"

namespace sr {

KEVENT   Heartbeat::s_StopEvent;
PKTHREAD Heartbeat::s_Thread = nullptr;

void Heartbeat::ThreadProc(PVOID)
{
    LARGE_INTEGER period;
    period.QuadPart = -10LL * 1000 * 1000;   // 1s relative

    for (;;) {
        NTSTATUS st = KeWaitForSingleObject(&s_StopEvent, Executive, KernelMode, FALSE, &period);
        if (st != STATUS_TIMEOUT) {
            break;
        }
        SharedRing::Push(SrHeartbeat, 0, 0, nullptr);
    }

    SR_TRACE("heartbeat thread exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS Heartbeat::Start()
{
    HANDLE h = nullptr;

    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);

    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                           ThreadProc, nullptr);
    if (!NT_SUCCESS(status)) {
        SR_TRACE("PsCreateSystemThread 0x%08X", status);
        return status;
    }

    status = ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // could not get the object: tell the thread to go away and wait for it via the handle
        KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        ZwClose(h);
        s_Thread = nullptr;
        return status;
    }

    ZwClose(h);
    return STATUS_SUCCESS;
}

void Heartbeat::Stop()
{
    if (!s_Thread) {
        return;
    }

    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);

    // the thread holds its own reference while it runs; ours can go now
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;
}

} // namespace sr
