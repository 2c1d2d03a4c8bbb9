#include "WorkDispatcher.h"
#include "klog.h"

namespace wq {

LOOKASIDE_LIST_EX WorkDispatcher::s_Lookaside;
PDEVICE_OBJECT    WorkDispatcher::s_Device;
KEVENT            WorkDispatcher::s_Idle;
volatile LONG     WorkDispatcher::s_Pending;
volatile LONG64   WorkDispatcher::s_Processed;

NTSTATUS WorkDispatcher::Initialize(PDEVICE_OBJECT DeviceObject)
{
    KTRACE();

    auto status = ExInitializeLookasideListEx(&s_Lookaside,
                                              nullptr, nullptr,
                                              NonPagedPoolNx, 0,
                                              sizeof(ThreadEvent), WQ_TAG, 0);
    if (!NT_SUCCESS(status)) {
        KLOG_ERR("ExInitializeLookasideListEx failed 0x%X", status);
        return status;
    }

    s_Device = DeviceObject;
    s_Pending = 1;
    s_Processed = 0;
    KeInitializeEvent(&s_Idle, NotificationEvent, FALSE);
    return STATUS_SUCCESS;
}

void WorkDispatcher::Release()
{
    if (InterlockedDecrement(&s_Pending) == 0)
        KeSetEvent(&s_Idle, IO_NO_INCREMENT, FALSE);
}

//
// waits for the queued items to run, then drops the lookaside list
//
void WorkDispatcher::Shutdown()
{
    KTRACE();

    Release();      // drop the bias
    KeWaitForSingleObject(&s_Idle, Executive, KernelMode, FALSE, nullptr);

    ExDeleteLookasideListEx(&s_Lookaside);
    s_Device = nullptr;
}

bool WorkDispatcher::Post(HANDLE ProcessId, HANDLE ThreadId, bool Create)
{
    auto ev = static_cast<ThreadEvent*>(ExAllocateFromLookasideListEx(&s_Lookaside));
    if (!ev)
        return false;

    ev->WorkItem = IoAllocateWorkItem(s_Device);
    if (!ev->WorkItem) {
        ExFreeToLookasideListEx(&s_Lookaside, ev);
        return false;
    }

    ev->ProcessId = ProcessId;
    ev->ThreadId = ThreadId;
    ev->Create = Create;
    KeQuerySystemTimePrecise(&ev->Time);

    InterlockedIncrement(&s_Pending);
    IoQueueWorkItem(ev->WorkItem, WorkRoutine, DelayedWorkQueue, ev);
    return true;
}

void WorkDispatcher::WorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto ev = static_cast<ThreadEvent*>(Context);

    TIME_FIELDS tf;
    LARGE_INTEGER local;
    ExSystemTimeToLocalTime(&ev->Time, &local);
    RtlTimeToTimeFields(&local, &tf);

    KLOG("%02d:%02d:%02d.%03d thread %u %s in process %u",
         tf.Hour, tf.Minute, tf.Second, tf.Milliseconds,
         HandleToULong(ev->ThreadId),
         ev->Create ? "created" : "exited",
         HandleToULong(ev->ProcessId));

    InterlockedIncrement64(&s_Processed);

    auto item = ev->WorkItem;
    ExFreeToLookasideListEx(&s_Lookaside, ev);
    IoFreeWorkItem(item);

    Release();
}

} // namespace wq
