// memdrv.cpp
// Read/write another process' memory for my external overlay (offline
// games only!). A heartbeat timer notices when the client stops pinging
// and drops the "client alive" flag so the next client starts clean.

#include <ntifs.h>
#include <ntddk.h>
#include "memdrv.h"

extern "C" {
NTSTATUS NTAPI MmCopyVirtualMemory(PEPROCESS SourceProcess, PVOID SourceAddress,
                                   PEPROCESS TargetProcess, PVOID TargetAddress,
                                   SIZE_T BufferSize, KPROCESSOR_MODE PreviousMode,
                                   PSIZE_T ReturnSize);
PVOID NTAPI PsGetProcessSectionBaseAddress(PEPROCESS Process);
}

namespace {
    PDEVICE_OBJECT g_device = nullptr;
    UNICODE_STRING g_link = RTL_CONSTANT_STRING(MEMDRV_LINK);
    KTIMER g_timer;
    KDPC g_dpc;
    volatile LONG g_idleTicks = 0;
    volatile LONG g_clientAlive = 0;
}

static void HeartbeatDpc(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
    UNREFERENCED_PARAMETER(dpc);
    UNREFERENCED_PARAMETER(arg1);
    UNREFERENCED_PARAMETER(arg2);

    auto cfg = static_cast<HeartbeatConfig*>(context);
    if (cfg == nullptr || cfg->Magic != HeartbeatMagic)
        return;

    auto idle = InterlockedIncrement(&g_idleTicks);
    if (static_cast<ULONG>(idle) > cfg->TimeoutTicks && g_clientAlive) {
        InterlockedExchange(&g_clientAlive, 0);
        DbgPrint("memdrv: client silent for %lu ticks, resetting\n", cfg->TimeoutTicks);
    }
}

static NTSTATUS CopyProcessMemory(const MemRequest& req, bool write)
{
    if (req.Size == 0 || req.Size > MaxCopySize)
        return STATUS_INVALID_PARAMETER;

    PEPROCESS target = nullptr;
    auto status = PsLookupProcessByProcessId(ULongToHandle(req.ProcessId), &target);
    if (!NT_SUCCESS(status))
        return status;

    SIZE_T done = 0;
    PEPROCESS self = PsGetCurrentProcess();
    if (write) {
        status = MmCopyVirtualMemory(self, reinterpret_cast<PVOID>(req.Buffer),
                                     target, reinterpret_cast<PVOID>(req.Address),
                                     static_cast<SIZE_T>(req.Size), UserMode, &done);
    } else {
        status = MmCopyVirtualMemory(target, reinterpret_cast<PVOID>(req.Address),
                                     self, reinterpret_cast<PVOID>(req.Buffer),
                                     static_cast<SIZE_T>(req.Size), UserMode, &done);
    }

    ObDereferenceObject(target);
    return status;
}

static NTSTATUS DeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& params = stack->Parameters.DeviceIoControl;
    auto buffer = irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    InterlockedExchange(&g_idleTicks, 0);
    InterlockedExchange(&g_clientAlive, 1);

    switch (params.IoControlCode) {
    case IOCTL_MEM_READ:
    case IOCTL_MEM_WRITE:
        if (params.InputBufferLength < sizeof(MemRequest)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = CopyProcessMemory(*static_cast<MemRequest*>(buffer), params.IoControlCode == IOCTL_MEM_WRITE);
        break;

    case IOCTL_MEM_BASE: {
        if (params.InputBufferLength < sizeof(BaseRequest) || params.OutputBufferLength < sizeof(BaseRequest)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        auto req = static_cast<BaseRequest*>(buffer);
        PEPROCESS process = nullptr;
        status = PsLookupProcessByProcessId(ULongToHandle(req->ProcessId), &process);
        if (NT_SUCCESS(status)) {
            req->Base = reinterpret_cast<ULONG64>(PsGetProcessSectionBaseAddress(process));
            ObDereferenceObject(process);
            info = sizeof(BaseRequest);
        }
        break;
    }

    case IOCTL_MEM_PING:
        status = STATUS_SUCCESS;
        break;
    }

    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static void DriverUnload(PDRIVER_OBJECT driver)
{
    UNREFERENCED_PARAMETER(driver);

    KeCancelTimer(&g_timer);
    KeFlushQueuedDpcs();

    IoDeleteSymbolicLink(&g_link);
    IoDeleteDevice(g_device);
    g_device = nullptr;

    DbgPrint("memdrv: bye\n");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    UNREFERENCED_PARAMETER(registryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(MEMDRV_DEVICE);
    HeartbeatConfig hb{};
    hb.IntervalMs = 1000;
    hb.TimeoutTicks = 30;
    hb.Magic = HeartbeatMagic;

    auto status = IoCreateDevice(driver, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
    if (!NT_SUCCESS(status)) {
        DbgPrint("memdrv: IoCreateDevice 0x%X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_link, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("memdrv: IoCreateSymbolicLink 0x%X\n", status);
        IoDeleteDevice(g_device);
        g_device = nullptr;
        return status;
    }

    // heartbeat: one tick per IntervalMs
    KeInitializeTimer(&g_timer);
    KeInitializeDpc(&g_dpc, HeartbeatDpc, &hb);
    LARGE_INTEGER due;
    due.QuadPart = -10000LL * hb.IntervalMs;
    KeSetTimerEx(&g_timer, due, static_cast<LONG>(hb.IntervalMs), &g_dpc);

    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DeviceControl;
    driver->DriverUnload = DriverUnload;

    g_device->Flags |= DO_BUFFERED_IO;
    g_device->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgPrint("memdrv: ready\n");
    return STATUS_SUCCESS;
}
