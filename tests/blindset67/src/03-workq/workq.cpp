// workq.cpp -- WorkQueue implementation

#include "workq.h"

namespace workq {

PDEVICE_OBJECT  WorkQueue::s_Device   = nullptr;
PIO_WORKITEM    WorkQueue::s_WorkItem = nullptr;
UNICODE_STRING  WorkQueue::s_RegPath  = {};
KEVENT          WorkQueue::s_Idle;
volatile LONG   WorkQueue::s_Busy     = 0;
ULONG           WorkQueue::s_Pending  = 0;
WQ_STATUS       WorkQueue::s_Status   = {};

namespace {

// small scope guard; undoes a step unless dismissed
template <typename F>
struct Guard {
    F fn;
    bool armed = true;
    explicit Guard(F f) : fn(f) {}
    ~Guard() { if (armed) fn(); }
    void dismiss() { armed = false; }
};

template <typename F>
Guard<F> MakeGuard(F f) { return Guard<F>(f); }

} // anon

NTSTATUS WorkQueue::Init(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath)
{
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(WQ_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(WQ_DOS_NAME);

    // the worker writes back under our service key
    s_RegPath = *RegistryPath;

    KeInitializeEvent(&s_Idle, NotificationEvent, TRUE);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &ntName, WQ_DEVTYPE,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &s_Device);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateDevice %08X", status);
        return status;
    }
    auto devGuard = MakeGuard([] { IoDeleteDevice(s_Device); s_Device = nullptr; });

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateSymbolicLink %08X", status);
        return status;
    }
    auto linkGuard = MakeGuard([&dosName] { IoDeleteSymbolicLink(&dosName); });

    s_WorkItem = IoAllocateWorkItem(s_Device);
    if (s_WorkItem == nullptr) {
        KLOG("IoAllocateWorkItem failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    s_Device->Flags |= DO_BUFFERED_IO;
    s_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    linkGuard.dismiss();
    devGuard.dismiss();
    return STATUS_SUCCESS;
}

void WorkQueue::Shutdown()
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(WQ_DOS_NAME);

    // let an in-flight worker finish before pulling anything down
    KeWaitForSingleObject(&s_Idle, Executive, KernelMode, FALSE, nullptr);

    IoDeleteSymbolicLink(&dosName);

    if (s_WorkItem != nullptr) {
        ExFreePool(s_WorkItem);
        s_WorkItem = nullptr;
    }

    if (s_Device != nullptr) {
        IoDeleteDevice(s_Device);
        s_Device = nullptr;
    }
}

NTSTATUS WorkQueue::Kick(ULONG Value)
{
    // single work item: refuse while one is outstanding
    if (InterlockedCompareExchange(&s_Busy, 1, 0) != 0) {
        return STATUS_DEVICE_BUSY;
    }

    KeClearEvent(&s_Idle);
    s_Pending = Value;
    s_Status.Kicks++;
    IoQueueWorkItem(s_WorkItem, Worker, DelayedWorkQueue, nullptr);
    return STATUS_SUCCESS;
}

void WorkQueue::Query(WQ_STATUS* Out)
{
    *Out = s_Status;
    Out->Busy = (ULONG)s_Busy;
}

_Use_decl_annotations_
void WorkQueue::Worker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    ULONG value = s_Pending;

    // PASSIVE_LEVEL here, so the registry is fine
    NTSTATUS status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE,
                                            s_RegPath.Buffer,
                                            L"LastKick",
                                            REG_DWORD,
                                            &value,
                                            sizeof(value));
    KLOG("stamped LastKick=%u -> %08X", value, status);

    s_Status.LastWriteStatus = status;
    s_Status.Completed++;

    InterlockedExchange(&s_Busy, 0);
    KeSetEvent(&s_Idle, IO_NO_INCREMENT, FALSE);
}

} // namespace workq
