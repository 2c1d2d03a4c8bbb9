//
// heartbeat.sys - periodic DPC records timestamps into a ring, a worker
// thread tracks the jitter, user mode reads the ring via \\.\Heartbeat
//
#include "ring.h"

#define HB_DEVICE_NAME   L"\\Device\\Heartbeat"
#define HB_LINK_NAME     L"\\??\\Heartbeat"
#define HB_PERIOD_MS     50
#define HB_REPORT_EVERY  200

#define IOCTL_HB_READ    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

#define HBLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "heartbeat: " fmt "\n", __VA_ARGS__)

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

struct Globals {
    PDEVICE_OBJECT  Device;
    hb::RingBuffer* Ring;
    KTIMER          Timer;
    KDPC            Dpc;
    KEVENT          StopEvent;
    KEVENT          TickEvent;
    PKTHREAD        Thread;
    ULONG64         MaxJitter;      // 100ns units
} g;

UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(HB_LINK_NAME);

KDEFERRED_ROUTINE   HeartbeatDpc;
KSTART_ROUTINE      WorkerThread;
DRIVER_UNLOAD       HbUnload;
DRIVER_DISPATCH     HbCreateClose;
DRIVER_DISPATCH     HbDeviceControl;

void HeartbeatDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    g.Ring->Push(KeQueryInterruptTime());
    KeSetEvent(&g.TickEvent, IO_NO_INCREMENT, FALSE);
}

void WorkerThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    PVOID waitObjects[] = { &g.StopEvent, &g.TickEvent };
    ULONG64 previous = 0;
    ULONG   ticks = 0;
    const ULONG64 period = HB_PERIOD_MS * 10000ULL;

    for (;;) {
        auto wait = KeWaitForMultipleObjects(RTL_NUMBER_OF(waitObjects), waitObjects, WaitAny,
                                             Executive, KernelMode, FALSE, nullptr, nullptr);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        auto now = g.Ring->Last();
        if (previous != 0 && now > previous) {
            auto delta  = now - previous;
            auto jitter = delta > period ? delta - period : period - delta;
            if (jitter > g.MaxJitter) {
                g.MaxJitter = jitter;
            }
        }
        previous = now;

        if (++ticks % HB_REPORT_EVERY == 0) {
            HBLOG("%lu ticks, max jitter %I64u us", ticks, g.MaxJitter / 10);
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS HbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS HbDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HB_READ) {
        auto max = static_cast<ULONG>(sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(hb::Sample));
        auto got = g.Ring->Read(static_cast<hb::Sample*>(Irp->AssociatedIrp.SystemBuffer), max);
        info   = got * sizeof(hb::Sample);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

void HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeCancelTimer(&g.Timer);
    KeFlushQueuedDpcs();

    KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g.Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(g.Thread);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g.Device);

    hb::Destroy(g.Ring);
    g.Ring = nullptr;
    HBLOG("unloaded, max jitter %I64u us", g.MaxJitter / 10);
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    auto ring = hb::MakePool<hb::RingBuffer>(POOL_FLAG_NON_PAGED);
    if (!ring) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g.Ring = ring.release();

    KeInitializeEvent(&g.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g.TickEvent, SynchronizationEvent, FALSE);
    KeInitializeTimerEx(&g.Timer, NotificationTimer);
    KeInitializeDpc(&g.Dpc, HeartbeatDpc, nullptr);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(HB_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        HBLOG("IoCreateDevice 0x%08X", status);
        return status;
    }
    g.Device->Flags |= DO_BUFFERED_IO;

    // start beating right away so the first samples are there by the time
    // the service opens the device
    LARGE_INTEGER due;
    due.QuadPart = -10000LL * HB_PERIOD_MS;
    KeSetTimerEx(&g.Timer, due, HB_PERIOD_MS, &g.Dpc);

    status = IoCreateSymbolicLink(&g_LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        HBLOG("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(g.Device);
        hb::Destroy(g.Ring);
        g.Ring = nullptr;
        return status;
    }

    OBJECT_ATTRIBUTES threadAttributes;
    InitializeObjectAttributes(&threadAttributes, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    HANDLE threadHandle;
    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &threadAttributes,
                                  nullptr, nullptr, WorkerThread, nullptr);
    if (!NT_SUCCESS(status)) {
        HBLOG("PsCreateSystemThread 0x%08X", status);
        goto undo_link;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&g.Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        HBLOG("ObReferenceObjectByHandle 0x%08X", status);
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, nullptr);
        ZwClose(threadHandle);
        goto undo_link;
    }
    ZwClose(threadHandle);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbDeviceControl;
    DriverObject->DriverUnload                         = HbUnload;

    g.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    HBLOG("running, period %u ms", HB_PERIOD_MS);
    return STATUS_SUCCESS;

undo_link:
    KeCancelTimer(&g.Timer);
    KeFlushQueuedDpcs();
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g.Device);
    hb::Destroy(g.Ring);
    g.Ring = nullptr;
    return status;
}
