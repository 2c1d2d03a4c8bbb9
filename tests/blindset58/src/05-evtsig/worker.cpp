// worker.cpp - one IO_WORKITEM per kick, freed by the routine itself
#include "evtsig.h"

namespace evtsig {
namespace Worker {

static IO_WORKITEM_ROUTINE WorkRoutine;

static VOID WorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto item = static_cast<PIO_WORKITEM>(Context);

    // pick up registry changes without a reload
    ULONG delay = Globals::DelayMs;
    NTSTATUS status = Config::ReadDelay(&Globals::RegPath, &delay);
    if (NT_SUCCESS(status)) {
        Globals::DelayMs = delay;
    }

    LARGE_INTEGER interval;
    interval.QuadPart = -static_cast<LONGLONG>(delay) * 10 * 1000;
    KeDelayExecutionThread(KernelMode, FALSE, &interval);

    InterlockedIncrement(&Globals::Completed);
    KeSetEvent(Globals::ReadyEvent, IO_NO_INCREMENT, FALSE);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_WORK, "work done after %lu ms", delay);

    IoFreeWorkItem(item);
    ExReleaseRundownProtection(&Globals::Rundown);
}

NTSTATUS Kick()
{
    if (!ExAcquireRundownProtection(&Globals::Rundown)) {
        return STATUS_DELETE_PENDING;
    }

    PIO_WORKITEM item = IoAllocateWorkItem(Globals::Device);
    if (item == nullptr) {
        ExReleaseRundownProtection(&Globals::Rundown);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeClearEvent(Globals::ReadyEvent);
    InterlockedIncrement(&Globals::Kicks);

    IoQueueWorkItem(item, WorkRoutine, DelayedWorkQueue, item);
    return STATUS_SUCCESS;
}

} // namespace Worker
} // namespace evtsig
