//
// tracer.cpp - once-a-second statistics
//
#include "mousetrace.h"

namespace mt {

KTIMER   Tracer::s_timer;
KDPC     Tracer::s_dpc;
KEVENT   Tracer::s_stop;
KEVENT   Tracer::s_tick;
PETHREAD Tracer::s_thread = nullptr;
Counters Tracer::s_live = {};
Counters Tracer::s_snapshot = {};

void Tracer::OnPacket(const MOUSE_INPUT_DATA& data)
{
    InterlockedIncrement(&s_live.Packets);
    InterlockedAdd(&s_live.DeltaX, data.LastX);
    InterlockedAdd(&s_live.DeltaY, data.LastY);

    constexpr USHORT downMask = MOUSE_LEFT_BUTTON_DOWN | MOUSE_RIGHT_BUTTON_DOWN | MOUSE_MIDDLE_BUTTON_DOWN;
    if (data.ButtonFlags & downMask)
        InterlockedIncrement(&s_live.Clicks);
}

_Use_decl_annotations_
void Tracer::TickDpc(PKDPC, PVOID, PVOID, PVOID)
{
    // move live -> snapshot; exchange so we don't lose packets in between
    s_snapshot.Packets = InterlockedExchange(&s_live.Packets, 0);
    s_snapshot.Clicks  = InterlockedExchange(&s_live.Clicks, 0);
    s_snapshot.DeltaX  = InterlockedExchange(&s_live.DeltaX, 0);
    s_snapshot.DeltaY  = InterlockedExchange(&s_live.DeltaY, 0);

    KeSetEvent(&s_tick, IO_NO_INCREMENT, FALSE);
}

_Use_decl_annotations_
void Tracer::Worker(PVOID)
{
    PVOID waits[] = { &s_stop, &s_tick };
    ULONG idleTicks = 0;

    for (;;) {
        auto st = KeWaitForMultipleObjects(RTL_NUMBER_OF(waits), waits, WaitAny, Executive,
                                           KernelMode, FALSE, nullptr, nullptr);
        if (st != STATUS_WAIT_1)
            break;

        if (s_snapshot.Packets == 0) {
            // don't spam the debugger when nobody touches the mouse
            if (++idleTicks % 60 == 0)
                MT_PRINT("idle for %lu s", idleTicks);
            continue;
        }
        idleTicks = 0;
        MT_PRINT("%ld pkt/s, %ld clicks, dx=%ld dy=%ld",
                 s_snapshot.Packets, s_snapshot.Clicks, s_snapshot.DeltaX, s_snapshot.DeltaY);
    }

    MT_PRINT("worker exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS Tracer::Start()
{
    KeInitializeEvent(&s_stop, NotificationEvent, FALSE);
    KeInitializeEvent(&s_tick, SynchronizationEvent, FALSE);
    KeInitializeTimerEx(&s_timer, NotificationTimer);
    KeInitializeDpc(&s_dpc, TickDpc, nullptr);

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    HANDLE h = nullptr;
    auto status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, nullptr, nullptr, Worker, nullptr);
    if (!NT_SUCCESS(status)) {
        MT_PRINT("PsCreateSystemThread 0x%08X", status);
        return status;
    }

    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_thread), nullptr);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&s_stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        ZwClose(h);
        s_thread = nullptr;
        return status;
    }
    ZwClose(h);

    LARGE_INTEGER due;
    due.QuadPart = -10000LL * MT_TICK_MS;
    KeSetTimerEx(&s_timer, due, MT_TICK_MS, &s_dpc);

    return STATUS_SUCCESS;
}

void Tracer::Stop()
{
    // timer first so the DPC stops poking the worker
    KeCancelTimer(&s_timer);

    if (s_thread) {
        KeSetEvent(&s_stop, IO_NO_INCREMENT, FALSE);
        ObDereferenceObject(s_thread);
        s_thread = nullptr;
    }
}

} // namespace mt
