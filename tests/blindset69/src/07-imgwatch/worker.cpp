// worker.cpp - queue of image-load events and the thread that logs them
#include "imgwatch.h"

namespace iw {

KSPIN_LOCK Queue::s_lock;
LIST_ENTRY Queue::s_head;
ULONG Queue::s_depth;
KEVENT Queue::s_ready;

HANDLE Worker::s_thread;
PETHREAD Worker::s_threadObj;
KEVENT Worker::s_stop;

void Queue::Init()
{
    KeInitializeSpinLock(&s_lock);
    InitializeListHead(&s_head);
    s_depth = 0;
    KeInitializeEvent(&s_ready, SynchronizationEvent, FALSE);
}

bool Queue::Push(ImageEvent* ev)
{
    KIRQL irql;
    KeAcquireSpinLock(&s_lock, &irql);
    if (s_depth >= IW_MAX_QUEUED) {
        KeReleaseSpinLock(&s_lock, irql);
        return false;
    }
    InsertTailList(&s_head, &ev->Link);
    s_depth++;
    KeReleaseSpinLock(&s_lock, irql);
    KeSetEvent(&s_ready, IO_NO_INCREMENT, FALSE);
    return true;
}

ImageEvent* Queue::Pop()
{
    ImageEvent* ev = nullptr;
    KIRQL irql;
    KeAcquireSpinLock(&s_lock, &irql);
    if (!IsListEmpty(&s_head)) {
        ev = CONTAINING_RECORD(RemoveHeadList(&s_head), ImageEvent, Link);
        s_depth--;
    }
    KeReleaseSpinLock(&s_lock, irql);
    return ev;
}

void Queue::Drain()
{
    while (auto ev = Pop()) {
        ExFreePoolWithTag(ev, IW_TAG);
    }
}

void Worker::Main(PVOID)
{
    PVOID objects[2] = { &s_stop, Queue::Signal() };

    for (;;) {
        NTSTATUS st = KeWaitForMultipleObjects(2, objects, WaitAny, Executive,
                                               KernelMode, FALSE, nullptr, nullptr);
        if (st == STATUS_WAIT_0) {
            break;
        }
        while (auto ev = Queue::Pop()) {
            IWTRACE("pid %p base %p size %Iu sys=%d %ws", ev->ProcessId, ev->ImageBase,
                    ev->ImageSize, ev->SystemImage, ev->Name);
            ExFreePoolWithTag(ev, IW_TAG);
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS Worker::Start()
{
    KeInitializeEvent(&s_stop, NotificationEvent, FALSE);

    NTSTATUS status = PsCreateSystemThread(&s_thread, THREAD_ALL_ACCESS, nullptr,
                                           nullptr, nullptr, Main, nullptr);
    if (!NT_SUCCESS(status)) {
        s_thread = nullptr;
        return status;
    }
    status = ObReferenceObjectByHandle(s_thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_threadObj), nullptr);
    if (!NT_SUCCESS(status)) {
        // thread is running but we cannot wait on it: stop it and give up
        KeSetEvent(&s_stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(s_thread, FALSE, nullptr);
        ZwClose(s_thread);
        s_thread = nullptr;
    }
    return status;
}

void Worker::RequestStop()
{
    KeSetEvent(&s_stop, IO_NO_INCREMENT, FALSE);
}

void Worker::WaitForExit()
{
    if (s_threadObj) {
        KeWaitForSingleObject(s_threadObj, Executive, KernelMode, FALSE, nullptr);
        ObDereferenceObject(s_threadObj);
        s_threadObj = nullptr;
    }
    if (s_thread) {
        ZwClose(s_thread);
        s_thread = nullptr;
    }
}

void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    auto ev = static_cast<ImageEvent*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ImageEvent), IW_TAG));
    if (ev == nullptr) {
        return;
    }
    ev->ProcessId = ProcessId;
    ev->ImageBase = ImageInfo->ImageBase;
    ev->ImageSize = ImageInfo->ImageSize;
    ev->SystemImage = ImageInfo->SystemModeImage ? TRUE : FALSE;
    if (FullImageName != nullptr && FullImageName->Buffer != nullptr) {
        USHORT cch = min(FullImageName->Length / sizeof(WCHAR), (USHORT)(IW_NAME_CCH - 1));
        RtlCopyMemory(ev->Name, FullImageName->Buffer, cch * sizeof(WCHAR));
        ev->Name[cch] = L'\0';
    } else {
        ev->Name[0] = L'\0';
    }
    if (!Queue::Push(ev)) {
        ExFreePoolWithTag(ev, IW_TAG);
    }
}

} // namespace iw
