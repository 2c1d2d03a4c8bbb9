//
// filter.cpp - the PointerClass0 filter device
//
#include "mousetrace.h"

namespace mt {

PDEVICE_OBJECT Filter::s_device = nullptr;
volatile LONG  Filter::s_pending = 0;

static inline DeviceExtension* Ext(PDEVICE_OBJECT dev)
{
    return static_cast<DeviceExtension*>(dev->DeviceExtension);
}

_Use_decl_annotations_
NTSTATUS Filter::Dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(Ext(dev)->Lower, irp);
}

_Use_decl_annotations_
NTSTATUS Filter::Power(PDEVICE_OBJECT dev, PIRP irp)
{
    PoStartNextPowerIrp(irp);
    IoSkipCurrentIrpStackLocation(irp);
    return PoCallDriver(Ext(dev)->Lower, irp);
}

_Use_decl_annotations_
NTSTATUS Filter::ReadDone(PDEVICE_OBJECT, PIRP irp, PVOID)
{
    if (NT_SUCCESS(irp->IoStatus.Status)) {
        auto packets = static_cast<PMOUSE_INPUT_DATA>(irp->AssociatedIrp.SystemBuffer);
        auto count = irp->IoStatus.Information / sizeof(MOUSE_INPUT_DATA);
        for (ULONG_PTR i = 0; i < count; i++)
            Tracer::OnPacket(packets[i]);
    }

    if (irp->PendingReturned)
        IoMarkIrpPending(irp);

    InterlockedDecrement(&s_pending);
    return STATUS_CONTINUE_COMPLETION;
}

_Use_decl_annotations_
NTSTATUS Filter::Read(PDEVICE_OBJECT dev, PIRP irp)
{
    IoCopyCurrentIrpStackLocationToNext(irp);

    // the Ex flavour pins our image until ReadDone returns (legacy unload)
    auto status = IoSetCompletionRoutineEx(dev, irp, ReadDone, nullptr, TRUE, TRUE, TRUE);
    if (!NT_SUCCESS(status)) {
        IoSkipCurrentIrpStackLocation(irp);
        return IoCallDriver(Ext(dev)->Lower, irp);
    }

    InterlockedIncrement(&s_pending);
    return IoCallDriver(Ext(dev)->Lower, irp);
}

NTSTATUS Filter::Attach(PDRIVER_OBJECT driver)
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(MT_TARGET_DEVICE);
    PDEVICE_OBJECT dev = nullptr;

    auto status = IoCreateDevice(driver, sizeof(DeviceExtension), nullptr, FILE_DEVICE_MOUSE,
                                 0, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        MT_PRINT("IoCreateDevice 0x%08X", status);
        return status;
    }

    auto ext = Ext(dev);
    ext->Lower = nullptr;

    status = IoAttachDevice(dev, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        MT_PRINT("IoAttachDevice 0x%08X", status);
        IoDeleteDevice(dev);
        return status;
    }

    dev->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    dev->DeviceType = ext->Lower->DeviceType;
    dev->Characteristics = ext->Lower->Characteristics;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    s_device = dev;
    return STATUS_SUCCESS;
}

void Filter::Detach()
{
    if (!s_device)
        return;

    IoDetachDevice(Ext(s_device)->Lower);

    // mouclass keeps a read pending; it finishes with the next mouse event
    LARGE_INTEGER wait;
    wait.QuadPart = -10LL * 1000 * 50;
    while (s_pending > 0)
        KeDelayExecutionThread(KernelMode, FALSE, &wait);

    IoDeleteDevice(s_device);
    s_device = nullptr;
}

} // namespace mt
