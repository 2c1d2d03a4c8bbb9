#include "RegMon.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RegMonUnload;

#pragma alloc_text(INIT, DriverEntry)

namespace {

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

extern "C" NTSTATUS RegMonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

extern "C" NTSTATUS RegMonDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto* stack = IoGetCurrentIrpStackLocation(Irp);
    auto& params = stack->Parameters.DeviceIoControl;
    auto* mon = regmon::Monitor::Instance();

    if (mon == nullptr) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY);
    }

    switch (params.IoControlCode) {
    case IOCTL_REGMON_GET_EVENTS: {
        ULONG max = params.OutputBufferLength / sizeof(regmon::RegEvent);
        if (max == 0) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG n = mon->Drain(static_cast<regmon::RegEvent*>(Irp->AssociatedIrp.SystemBuffer), max);
        return CompleteIrp(Irp, STATUS_SUCCESS, n * sizeof(regmon::RegEvent));
    }
    case IOCTL_REGMON_GET_STATS: {
        if (params.OutputBufferLength < sizeof(regmon::RegStats)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        mon->QueryStats(static_cast<regmon::RegStats*>(Irp->AssociatedIrp.SystemBuffer));
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(regmon::RegStats));
    }
    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

static void RegMonUnload(PDRIVER_OBJECT)
{
    regmon::Monitor::Destroy();
    KdPrint(("RegMon: unloaded\n"));
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegMonDeviceControl;

    NTSTATUS status = regmon::Monitor::Create(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = RegMonUnload;
    KdPrint(("RegMon: loaded\n"));
    return STATUS_SUCCESS;
}
