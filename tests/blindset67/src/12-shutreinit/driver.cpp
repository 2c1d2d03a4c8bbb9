// driver.cpp -- UptimeKeeper: shutdown notification, reinitialization,
//               periodic timer whose DPC hands the registry write to a
//               work item.

#include "uptime.h"

namespace ut { State g = {}; }

using ut::g;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD       UtUnload;
static DRIVER_DISPATCH     UtCreateClose;
static DRIVER_DISPATCH     UtIoctl;
static DRIVER_DISPATCH     UtShutdown;
static DRIVER_REINITIALIZE UtReinit;
static KDEFERRED_ROUTINE   UtTick;
static IO_WORKITEM_ROUTINE UtSaveWorker;

static NTSTATUS Finish(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS UtCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Finish(Irp, STATUS_SUCCESS);
}

static NTSTATUS UtIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_UT_GET) {
        return Finish(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return Finish(Irp, STATUS_BUFFER_TOO_SMALL);
    }
    *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer) = static_cast<ULONG>(g.TotalMinutes);
    return Finish(Irp, STATUS_SUCCESS, sizeof(ULONG));
}

static NTSTATUS UtShutdown(PDEVICE_OBJECT, PIRP Irp)
{
    // PASSIVE_LEVEL, registry still writable at this point
    ut::SaveTotal();
    return Finish(Irp, STATUS_SUCCESS);
}

static void UtSaveWorker(PDEVICE_OBJECT, PVOID)
{
    ut::SaveTotal();

    // signal first, then allow the next DPC to queue us again
    KeSetEvent(&g.SaveIdle, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&g.SaveQueued, 0);
}

static void UtTick(PKDPC, PVOID, PVOID, PVOID)
{
    InterlockedIncrement(&g.TotalMinutes);

    // registry needs PASSIVE_LEVEL: hand the write to a work item
    if (InterlockedCompareExchange(&g.SaveQueued, 1, 0) == 0) {
        KeClearEvent(&g.SaveIdle);
        IoQueueWorkItem(g.SaveItem, UtSaveWorker, DelayedWorkQueue, nullptr);
    }
}

static void UtReinit(PDRIVER_OBJECT, PVOID, ULONG Count)
{
    // by now the SYSTEM hive is fully up; pick up where we left off
    g.TotalMinutes = static_cast<LONG>(ut::LoadTotal());
    UTLOG("reinit #%u, resuming at %ld minutes", Count, g.TotalMinutes);

    LARGE_INTEGER due;
    due.QuadPart = -10000LL * UT_PERIOD_MS;
    KeSetTimerEx(&g.Timer, due, UT_PERIOD_MS, &g.Dpc);
    g.TimerStarted = true;
}

static void UtTeardown()
{
    UNICODE_STRING dos = RTL_CONSTANT_STRING(UT_DOS_NAME);

    // 1. no more ticks, no DPC still running
    KeCancelTimer(&g.Timer);
    KeFlushQueuedDpcs();

    // 2. no save work item outstanding
    KeWaitForSingleObject(&g.SaveIdle, Executive, KernelMode, FALSE, nullptr);
    if (g.SaveItem != nullptr) {
        IoFreeWorkItem(g.SaveItem);
        g.SaveItem = nullptr;
    }

    // 3. device-level registrations
    if (g.ShutdownRegistered) {
        IoUnregisterShutdownNotification(g.Device);
        g.ShutdownRegistered = false;
    }
    if (g.LinkCreated) {
        IoDeleteSymbolicLink(&dos);
        g.LinkCreated = false;
    }
    if (g.Device != nullptr) {
        IoDeleteDevice(g.Device);
        g.Device = nullptr;
    }

    ut::FreeServiceKey();
}

static void UtUnload(PDRIVER_OBJECT)
{
    if (g.TimerStarted) {
        ut::SaveTotal();
    }
    UtTeardown();
    UTLOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING nt  = RTL_CONSTANT_STRING(UT_NT_NAME);
    UNICODE_STRING dos = RTL_CONSTANT_STRING(UT_DOS_NAME);

    NTSTATUS status = ut::CopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ExInitializeFastMutex(&g.SaveLock);
    KeInitializeEvent(&g.SaveIdle, NotificationEvent, TRUE);
    KeInitializeTimerEx(&g.Timer, NotificationTimer);
    KeInitializeDpc(&g.Dpc, UtTick, nullptr);

    do {
        status = IoCreateDevice(DriverObject, 0, &nt, UT_DEVTYPE,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
        if (!NT_SUCCESS(status)) {
            UTLOG("IoCreateDevice %08X", status);
            break;
        }
        g.Device->Flags |= DO_BUFFERED_IO;

        g.SaveItem = IoAllocateWorkItem(g.Device);
        if (g.SaveItem == nullptr) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }

        status = IoCreateSymbolicLink(&dos, &nt);
        if (!NT_SUCCESS(status)) {
            UTLOG("IoCreateSymbolicLink %08X", status);
            break;
        }
        g.LinkCreated = true;

        status = IoRegisterShutdownNotification(g.Device);
        if (!NT_SUCCESS(status)) {
            UTLOG("IoRegisterShutdownNotification %08X", status);
            break;
        }
        g.ShutdownRegistered = true;
    } while (false);

    if (!NT_SUCCESS(status)) {
        UtTeardown();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = UtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = UtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = UtIoctl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = UtShutdown;
    DriverObject->DriverUnload                         = UtUnload;

    g.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    // timer starts from the reinit callback, once the registry is settled
    IoRegisterDriverReinitialization(DriverObject, UtReinit, nullptr);
    return STATUS_SUCCESS;
}
