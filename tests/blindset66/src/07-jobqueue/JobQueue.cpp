#include "JobQueue.h"

extern "C" NTKERNELAPI PVOID NTAPI PsGetProcessSectionBaseAddress(_In_ PEPROCESS Process);

PIO_WORKITEM    JobQueue::s_Item      = nullptr;
KEVENT          JobQueue::s_Idle;
volatile LONG   JobQueue::s_Busy      = 0;
JobRequest      JobQueue::s_Pending   = {};
KSPIN_LOCK      JobQueue::s_HistLock;
JobResult*      JobQueue::s_History   = nullptr;
ULONG           JobQueue::s_HistCount = 0;
ULONG           JobQueue::s_Seq       = 0;

NTSTATUS JobQueue::Init(_In_ PDEVICE_OBJECT Device)
{
    KeInitializeEvent(&s_Idle, NotificationEvent, TRUE);
    KeInitializeSpinLock(&s_HistLock);

    s_Item = IoAllocateWorkItem(Device);
    if (s_Item == nullptr) {
        JQ_LOG("IoAllocateWorkItem failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

VOID JobQueue::Shutdown()
{
    // let a queued/running job finish before the item goes away
    KeWaitForSingleObject(&s_Idle, Executive, KernelMode, FALSE, nullptr);

    FREE_POOL(s_Item);

    s_History = nullptr;
    s_HistCount = 0;
}

VOID JobQueue::AttachHistory(_In_ JobResult* Slots, _In_ ULONG Count)
{
    KIRQL irql;
    KeAcquireSpinLock(&s_HistLock, &irql);
    s_History = Slots;
    s_HistCount = Count;
    KeReleaseSpinLock(&s_HistLock, irql);
}

VOID JobQueue::Record(_In_ const JobResult& Res)
{
    KIRQL irql;
    KeAcquireSpinLock(&s_HistLock, &irql);
    if (s_History != nullptr && s_HistCount != 0) {
        s_History[Res.Sequence % s_HistCount] = Res;
    }
    KeReleaseSpinLock(&s_HistLock, irql);
}

ULONG JobQueue::CopyHistory(_Out_writes_(Max) JobResult* Out, _In_ ULONG Max)
{
    KIRQL irql;
    ULONG n;

    KeAcquireSpinLock(&s_HistLock, &irql);
    n = min(Max, s_HistCount);
    if (s_History != nullptr && n != 0) {
        RtlCopyMemory(Out, s_History, n * sizeof(JobResult));
    }
    KeReleaseSpinLock(&s_HistLock, irql);
    return n;
}

NTSTATUS JobQueue::Submit(_In_ const JobRequest& Req)
{
    if (InterlockedCompareExchange(&s_Busy, 1, 0) != 0) {
        return STATUS_DEVICE_BUSY;
    }

    s_Pending = Req;
    KeClearEvent(&s_Idle);
    IoQueueWorkItem(s_Item, Worker, DelayedWorkQueue, nullptr);
    return STATUS_PENDING;
}

VOID JobQueue::Worker(_In_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    JobResult res = {};
    res.Sequence  = InterlockedIncrement(reinterpret_cast<volatile LONG*>(&s_Seq));
    res.Kind      = s_Pending.Kind;
    res.ProcessId = s_Pending.ProcessId;

    switch (s_Pending.Kind) {
    case JobKind::ProcessInfo: {
        PEPROCESS proc = nullptr;
        res.Status = PsLookupProcessByProcessId(ULongToHandle(s_Pending.ProcessId), &proc);
        if (NT_SUCCESS(res.Status)) {
            res.CreateTime  = PsGetProcessCreateTimeQuadPart(proc);
            res.SectionBase = PsGetProcessSectionBaseAddress(proc);
            ObDereferenceObject(proc);
        }
        break;
    }
    case JobKind::Ping:
        res.Status = STATUS_SUCCESS;
        break;
    default:
        res.Status = STATUS_INVALID_PARAMETER;
        break;
    }

    Record(res);
    JQ_LOG("job #%lu kind %lu pid %lu -> 0x%X", res.Sequence, (ULONG)res.Kind, res.ProcessId, res.Status);

    KeSetEvent(&s_Idle, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&s_Busy, 0);
}
