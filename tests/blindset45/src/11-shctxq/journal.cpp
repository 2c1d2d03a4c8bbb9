// journal.cpp - one system thread drains every instance queue.
#include "shq.h"

namespace shq {

PETHREAD Journal::s_Thread = nullptr;
KEVENT   Journal::s_Wake;
KEVENT   Journal::s_Stop;

NTSTATUS Journal::Start()
{
    KeInitializeEvent(&s_Wake, SynchronizationEvent, FALSE);
    KeInitializeEvent(&s_Stop, NotificationEvent, FALSE);

    HANDLE h = nullptr;
    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                           &Journal::ThreadMain, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&s_Stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        s_Thread = nullptr;
    }
    ZwClose(h);
    return status;
}

void Journal::Stop()
{
    if (s_Thread == nullptr) {
        return;
    }
    KeSetEvent(&s_Stop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;
}

void Journal::Kick()
{
    KeSetEvent(&s_Wake, IO_NO_INCREMENT, FALSE);
}

void Journal::DrainAll()
{
    ExAcquireFastMutex(&g.InstancesLock);

    for (PLIST_ENTRY e = g.Instances.Flink; e != &g.Instances; e = e->Flink) {
        auto ictx = CONTAINING_RECORD(e, InstanceContext, Link);
        PFLT_CALLBACK_DATA cbd;

        while ((cbd = FltCbdqRemoveNextIo(&ictx->Cbdq, nullptr)) != nullptr) {
            ContextRef<HandleContext> hctx;
            if (NT_SUCCESS(FltGetStreamHandleContext(ictx->Instance,
                                                     cbd->Iopb->TargetFileObject,
                                                     hctx.Receive()))) {
                LONG n = InterlockedIncrement(&hctx->Journaled);
                // APC_LEVEL here (fast mutex): no %wZ, the name is logged at create
                SQLOG("journal #%ld pid=%p fo=%p len=%lu off=%I64d", n, hctx->ProcessId,
                      cbd->Iopb->TargetFileObject, cbd->Iopb->Parameters.Write.Length,
                      cbd->Iopb->Parameters.Write.ByteOffset.QuadPart);
            }
            FltCompletePendedPreOperation(cbd, FLT_PREOP_SUCCESS_NO_CALLBACK, nullptr);
        }
    }

    ExReleaseFastMutex(&g.InstancesLock);
}

void Journal::ThreadMain(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    PVOID objects[2] = { &s_Stop, &s_Wake };

    for (;;) {
        NTSTATUS st = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                               FALSE, nullptr, nullptr);
        if (st == STATUS_WAIT_0) {
            break;
        }
        DrainAll();
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace shq
