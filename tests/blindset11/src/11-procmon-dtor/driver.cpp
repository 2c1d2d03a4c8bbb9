// driver.cpp - entry point: one heap object owns everything
#include "monitor.h"

static pmon::Monitor* g_Monitor = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PMonUnload;

static void PMonUnload(PDRIVER_OBJECT)
{
    // ~Monitor unregisters the callbacks, then the queue and device go
    delete g_Monitor;
    g_Monitor = nullptr;
    KdPrint(("pmon: unloaded\n"));
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UniquePool<pmon::Monitor> monitor(new (PoolKind::NonPaged, pmon::kTag) pmon::Monitor());
    if (!monitor) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = monitor->Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        // UniquePool deletes the monitor; its destructor undoes whatever Start did
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = pmon::Monitor::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = pmon::Monitor::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = pmon::Monitor::DispatchIoctl;
    DriverObject->DriverUnload = PMonUnload;

    g_Monitor = monitor.release();
    KdPrint(("pmon: running\n"));
    return STATUS_SUCCESS;
}
