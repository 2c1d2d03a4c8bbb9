#include "mouflt.h"

namespace mflt {

volatile LONG MouseFilter::s_pending;
CounterSet<Button, static_cast<ULONG>(Button::Count)> MouseFilter::s_clicks;

void MouseFilter::Init()
{
    s_pending = 0;
    RtlZeroMemory(const_cast<LONG*>(s_clicks.Values), sizeof(s_clicks.Values));
}

NTSTATUS MouseFilter::AttachTo(PDRIVER_OBJECT driver, PCWSTR className, ULONG slot)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, className);

    PFILE_OBJECT file = nullptr;
    PDEVICE_OBJECT target = nullptr;
    auto status = IoGetDeviceObjectPointer(&name, FILE_READ_ATTRIBUTES, &file, &target);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    PDEVICE_OBJECT filter = nullptr;
    status = IoCreateDevice(driver, sizeof(Extension), nullptr, FILE_DEVICE_MOUSE, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(file);
        return status;
    }

    auto ext = static_cast<Extension*>(filter->DeviceExtension);
    ext->Lower = nullptr;
    ext->Slot = slot;

    status = IoAttachDeviceToDeviceStackSafe(filter, target, &ext->Lower);

    // the attachment holds its own reference, the file object is no longer needed
    ObDereferenceObject(file);

    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

void MouseFilter::DetachAll(PDRIVER_OBJECT driver)
{
    for (auto dev = driver->DeviceObject; dev; dev = dev->NextDevice) {
        auto ext = static_cast<Extension*>(dev->DeviceExtension);
        if (ext->Lower) {
            IoDetachDevice(ext->Lower);
            ext->Lower = nullptr;
        }
    }

    // mouclass keeps a read pending; it completes on the next mouse event
    LARGE_INTEGER delay;
    delay.QuadPart = -10LL * 1000 * 20;
    while (InterlockedCompareExchange(&s_pending, 0, 0) > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    auto dev = driver->DeviceObject;
    while (dev) {
        auto next = dev->NextDevice;
        IoDeleteDevice(dev);
        dev = next;
    }
}

void MouseFilter::Report()
{
    MF_LOG("left %ld, right %ld, middle %ld", s_clicks.Get(Button::Left), s_clicks.Get(Button::Right),
           s_clicks.Get(Button::Middle));
}

NTSTATUS MouseFilter::PassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<Extension*>(DeviceObject->DeviceExtension);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS MouseFilter::Power(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<Extension*>(DeviceObject->DeviceExtension);
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS MouseFilter::Read(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<Extension*>(DeviceObject->DeviceExtension);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadDone, nullptr, TRUE, TRUE, TRUE);
    InterlockedIncrement(&s_pending);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS MouseFilter::ReadDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        auto data = static_cast<PMOUSE_INPUT_DATA>(Irp->AssociatedIrp.SystemBuffer);
        const auto count = Irp->IoStatus.Information / sizeof(MOUSE_INPUT_DATA);
        for (ULONG_PTR i = 0; i < count; i++) {
            const auto flags = data[i].ButtonFlags;
            if (flags & MOUSE_LEFT_BUTTON_DOWN) {
                s_clicks.Bump(Button::Left);
            }
            if (flags & MOUSE_RIGHT_BUTTON_DOWN) {
                s_clicks.Bump(Button::Right);
            }
            if (flags & MOUSE_MIDDLE_BUTTON_DOWN) {
                s_clicks.Bump(Button::Middle);
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&s_pending);
    return Irp->IoStatus.Status;
}

} // namespace mflt
