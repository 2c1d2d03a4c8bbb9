// ioctl.cpp - what kmonctl.exe talks to
#include "kmon.h"

namespace kmon {
namespace ioctl {

static NTSTATUS Finish(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS CreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Finish(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS GetCounters(PIRP irp, ULONG outLen)
{
    if (outLen < sizeof(CounterTotals)) {
        return Finish(irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    auto out = static_cast<CounterTotals*>(irp->AssociatedIrp.SystemBuffer);
    RtlZeroMemory(out, sizeof(*out));
    for (ULONG i = 0; i < G.CpuCount; i++) {
        out->Process += G.PerCpu[i]->Events[static_cast<int>(Counter::Process)];
        out->Thread  += G.PerCpu[i]->Events[static_cast<int>(Counter::Thread)];
        out->Image   += G.PerCpu[i]->Events[static_cast<int>(Counter::Image)];
    }
    out->Cpus = G.CpuCount;
    return Finish(irp, STATUS_SUCCESS, sizeof(CounterTotals));
}

static NTSTATUS ListProcesses(PIRP irp, ULONG outLen)
{
    auto out = static_cast<ProcessInfo*>(irp->AssociatedIrp.SystemBuffer);
    const ULONG room = outLen / sizeof(ProcessInfo);
    ULONG n = 0;

    ExAcquireFastMutex(&G.ProcLock);
    if (room < G.ProcCount) {
        ULONG needed = G.ProcCount;
        ExReleaseFastMutex(&G.ProcLock);
        // tell the tool how many entries to make room for
        if (outLen >= sizeof(ULONG)) {
            *static_cast<PULONG>(irp->AssociatedIrp.SystemBuffer) = needed;
            return Finish(irp, STATUS_BUFFER_OVERFLOW, sizeof(ULONG));
        }
        return Finish(irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    for (auto e = G.Procs.Flink; e != &G.Procs; e = e->Flink) {
        out[n++] = CONTAINING_RECORD(e, ProcEntry, Link)->Info;
    }
    ExReleaseFastMutex(&G.ProcLock);

    return Finish(irp, STATUS_SUCCESS, n * sizeof(ProcessInfo));
}

NTSTATUS Control(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    const auto outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KMON_GET_COUNTERS:
        return GetCounters(irp, outLen);
    case IOCTL_KMON_LIST_PROCESSES:
        return ListProcesses(irp, outLen);
    default:
        return Finish(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

} // namespace ioctl
} // namespace kmon
