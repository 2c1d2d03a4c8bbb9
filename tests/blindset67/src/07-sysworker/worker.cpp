// worker.cpp -- system thread + queue

#include "worker.h"

namespace sysw {

HANDLE     Worker::s_Thread    = nullptr;
KEVENT     Worker::s_StopEvent;
KSEMAPHORE Worker::s_Items;
KSPIN_LOCK Worker::s_Lock;
LIST_ENTRY Worker::s_Queue;
LONG       Worker::s_Count     = 0;
ULONG      Worker::s_Processed = 0;

NTSTATUS Worker::Start()
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    NTSTATUS status = PsCreateSystemThread(&s_Thread, THREAD_ALL_ACCESS, &oa,
                                           nullptr, nullptr, ThreadMain, nullptr);
    if (!NT_SUCCESS(status)) {
        SWLOG("PsCreateSystemThread failed %08X", status);
        s_Thread = nullptr;
        return status;
    }

    KeInitializeSpinLock(&s_Lock);
    InitializeListHead(&s_Queue);
    KeInitializeSemaphore(&s_Items, 0, SW_MAX_QUEUED);
    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);

    SWLOG("worker thread started");
    return STATUS_SUCCESS;
}

void Worker::Stop()
{
    if (s_Thread == nullptr) {
        return;
    }

    // ask the thread to leave; it drains what is left on its way out
    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
    ZwClose(s_Thread);
    s_Thread = nullptr;

    SWLOG("worker stopped, %u message(s) processed", s_Processed);
}

NTSTATUS Worker::Post(const void* Data, ULONG Length)
{
    if (Length == 0 || Length > SW_MAX_MSG) {
        return STATUS_INVALID_PARAMETER;
    }
    if (InterlockedIncrement(&s_Count) > SW_MAX_QUEUED) {
        InterlockedDecrement(&s_Count);
        return STATUS_QUOTA_EXCEEDED;
    }

    auto msg = static_cast<Message*>(
        ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(Message), SW_TAG));
    if (msg == nullptr) {
        InterlockedDecrement(&s_Count);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(msg->Text, Data, Length);
    msg->Text[Length] = '\0';
    msg->Length = Length;

    ExInterlockedInsertTailList(&s_Queue, &msg->Link, &s_Lock);
    KeReleaseSemaphore(&s_Items, IO_NO_INCREMENT, 1, FALSE);
    return STATUS_SUCCESS;
}

void Worker::Drain()
{
    PLIST_ENTRY e;
    while ((e = ExInterlockedRemoveHeadList(&s_Queue, &s_Lock)) != nullptr) {
        auto msg = CONTAINING_RECORD(e, Message, Link);
        SWLOG("msg[%u]: %s", s_Processed, msg->Text);
        s_Processed++;
        InterlockedDecrement(&s_Count);
        ExFreePoolWithTag(msg, SW_TAG);
    }
}

_Use_decl_annotations_
void Worker::ThreadMain(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    PVOID objects[2] = { &s_StopEvent, &s_Items };
    LARGE_INTEGER idle;
    idle.QuadPart = -10000000LL * SW_IDLE_SECONDS;

    for (;;) {
        NTSTATUS wait = KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
                                                 KernelMode, FALSE, &idle, nullptr);
        if (wait == STATUS_WAIT_0) {
            break;
        }
        if (wait == STATUS_TIMEOUT) {
            continue;
        }
        Drain();
    }

    Drain();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace sysw
