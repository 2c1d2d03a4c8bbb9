// kbdflt.cpp - legacy keyboard filter that prints scan codes to the debugger
//
// Attaches on top of every \Device\KeyboardClassN at load time.  Unload
// works but waits for one key press per keyboard, because the class
// driver always has a read pending on us.
#include "Filters.h"

namespace kbd {

static NTSTATUS ReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        auto keys = static_cast<PKEYBOARD_INPUT_DATA>(Irp->AssociatedIrp.SystemBuffer);
        auto count = Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA);
        for (ULONG_PTR i = 0; i < count; ++i) {
            KdPrint(("kbdflt: scan 0x%02X %s\n", keys[i].MakeCode,
                     (keys[i].Flags & KEY_BREAK) ? "up" : "down"));
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    Filters::ReadFinished();
    return STATUS_SUCCESS;
}

NTSTATUS PassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<FilterExtension*>(DeviceObject->DeviceExtension);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS Read(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<FilterExtension*>(DeviceObject->DeviceExtension);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadComplete, nullptr, TRUE, TRUE, TRUE);
    Filters::ReadStarted();
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS Power(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<FilterExtension*>(DeviceObject->DeviceExtension);
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

void Unload(PDRIVER_OBJECT DriverObject)
{
    Filters::Teardown(DriverObject);
    KdPrint(("kbdflt: unloaded\n"));
}

} // namespace kbd

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    // a filter has to pass on everything it does not care about
    for (auto& dispatch : DriverObject->MajorFunction) {
        dispatch = kbd::PassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = kbd::Read;
    DriverObject->MajorFunction[IRP_MJ_POWER] = kbd::Power;

    ULONG attached = 0;
    auto status = kbd::Filters::AttachAll(DriverObject, &attached);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbdflt: nothing attached (0x%08X)\n", status));
        DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = nullptr;
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = nullptr;
        return status;
    }

    DriverObject->DriverUnload = kbd::Unload;
    KdPrint(("kbdflt: filtering %lu keyboard(s)\n", attached));
    return STATUS_SUCCESS;
}
