//
// tickdemo: periodic timer -> DPC -> work item, the three ways of running
// code later that every driver book shows, glued together.
//
#include "ticker.h"

using tick::Ticker;
using tick::TickContext;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING g_Name = RTL_CONSTANT_STRING(L"\\Device\\TickDemo");

void TickUnload(PDRIVER_OBJECT DriverObject)
{
    // let a queued work item finish before its memory goes
    Ticker::WaitForWork();

    IoFreeWorkItem(Ticker::s_Work);
    Ticker::s_Work = nullptr;

    auto ticks = Ticker::s_Ctx->Ticks;
    delete Ticker::s_Ctx;
    Ticker::s_Ctx = nullptr;

    IoDeleteDevice(DriverObject->DeviceObject);
    KdPrint(("tick: unloaded after %ld ticks\n", ticks));
}

NTSTATUS CreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto ctx = new (POOL_FLAG_NON_PAGED, tick::kTag) TickContext;
    if (!ctx) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &g_Name, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        delete ctx;
        KdPrint(("tick: IoCreateDevice 0x%08X, dropped context (%ld ticks)\n", status, ctx->Ticks));
        return status;
    }

    status = Ticker::Start(device, ctx);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        delete ctx;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CreateClose;
    DriverObject->DriverUnload = TickUnload;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("tick: started, period %ld ms\n", tick::kPeriodMs));
    return STATUS_SUCCESS;
}
