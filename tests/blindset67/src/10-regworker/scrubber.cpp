// scrubber.cpp -- the worker thread

#include "regworker.h"

namespace rw {

PKTHREAD Scrubber::s_Thread = nullptr;
KEVENT   Scrubber::s_Stop;
Config   Scrubber::s_Cfg;
ULONG64  Scrubber::s_Passes = 0;

NTSTATUS Scrubber::Start(const Config& Cfg)
{
    s_Cfg    = Cfg;
    s_Passes = 0;
    KeInitializeEvent(&s_Stop, NotificationEvent, FALSE);

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    HANDLE h = nullptr;
    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa,
                                           nullptr, nullptr, Main, nullptr);
    if (!NT_SUCCESS(status)) {
        RWLOG("PsCreateSystemThread %08X", status);
        return status;
    }

    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // cannot track it by pointer: stop it and wait on the handle instead
        RWLOG("ObReferenceObjectByHandle %08X", status);
        KeSetEvent(&s_Stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        ZwClose(h);
        s_Thread = nullptr;
        return status;
    }

    ZwClose(h);
    return STATUS_SUCCESS;
}

void Scrubber::Stop()
{
    if (!s_Thread) {
        return;
    }

    KeSetEvent(&s_Stop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;

    RWLOG("thread gone after %I64u passes", s_Passes);
}

_Use_decl_annotations_
void Scrubber::Main(PVOID)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10000LL * s_Cfg.IntervalMs;

    RWLOG("thread up, interval %u ms, enabled %u", s_Cfg.IntervalMs, s_Cfg.Enabled);

    for (;;) {
        NTSTATUS w = KeWaitForSingleObject(&s_Stop, Executive, KernelMode,
                                           FALSE, &timeout);
        if (w != STATUS_TIMEOUT) {
            break;
        }
        if (!s_Cfg.Enabled) {
            continue;
        }

        s_Passes++;
        if (s_Cfg.Verbose) {
            RWLOG("pass %I64u", s_Passes);
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace rw
