// MouseFilter.cpp
//
// Legacy (non-PnP) mouse filter: sits on top of \Device\PointerClass0 and
// counts clicks and wheel ticks. Stats are printed when the driver unloads.
// Part of my "input stack" experiments; see the keyboard one for the logger.

#include "MouseFilter.hpp"

PDEVICE_OBJECT MouseFilter::s_FilterDevice = nullptr;

NTSTATUS MouseFilter::Attach(PDRIVER_OBJECT DriverObject, PCWSTR TargetName)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, TargetName);

    PFILE_OBJECT fileObject = nullptr;
    PDEVICE_OBJECT target = nullptr;
    auto status = IoGetDeviceObjectPointer(&name, FILE_READ_ATTRIBUTES, &fileObject, &target);
    if (!NT_SUCCESS(status)) {
        KdPrint(("MouFlt: cannot open %wZ (0x%08X)\n", &name, status));
        return status;
    }

    PDEVICE_OBJECT filter = nullptr;
    status = IoCreateDevice(DriverObject, sizeof(Extension), nullptr, FILE_DEVICE_MOUSE,
                            0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(fileObject);
        return status;
    }

    auto ext = ExtOf(filter);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;

    status = IoAttachDeviceToDeviceStackSafe(filter, target, &ext->Lower);
    ObDereferenceObject(fileObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("MouFlt: attach failed 0x%08X\n", status));
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->DeviceType = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    s_FilterDevice = filter;
    return STATUS_SUCCESS;
}

void MouseFilter::Account(Extension* ext, const MOUSE_INPUT_DATA& packet)
{
    const auto flags = packet.ButtonFlags;

    InterlockedIncrement(&ext->Stats.Packets);
    if (flags & MOUSE_LEFT_BUTTON_DOWN)   InterlockedIncrement(&ext->Stats.Left);
    if (flags & MOUSE_RIGHT_BUTTON_DOWN)  InterlockedIncrement(&ext->Stats.Right);
    if (flags & MOUSE_MIDDLE_BUTTON_DOWN) InterlockedIncrement(&ext->Stats.Middle);
    if (flags & MOUSE_WHEEL)              InterlockedIncrement(&ext->Stats.Wheel);
}

NTSTATUS MouseFilter::ReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto ext = static_cast<Extension*>(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        auto packets = static_cast<PMOUSE_INPUT_DATA>(Irp->AssociatedIrp.SystemBuffer);
        const auto count = Irp->IoStatus.Information / sizeof(MOUSE_INPUT_DATA);
        for (ULONG_PTR i = 0; i < count; i++) {
            Account(ext, packets[i]);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&ext->PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS MouseFilter::DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = ExtOf(DeviceObject);

    InterlockedIncrement(&ext->PendingReads);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadComplete, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS MouseFilter::DispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ExtOf(DeviceObject)->Lower, Irp);
}

NTSTATUS MouseFilter::DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    // Vista+: no PoStartNextPowerIrp needed, PoCallDriver == IoCallDriver
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ExtOf(DeviceObject)->Lower, Irp);
}

void MouseFilter::Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    auto filter = s_FilterDevice;
    if (filter == nullptr) {
        return;
    }
    auto ext = ExtOf(filter);

    IoDetachDevice(ext->Lower);

    // mouclass keeps one read pending in us until the mouse moves
    LARGE_INTEGER delay;
    delay.QuadPart = -10LL * 1000 * 50;
    while (ext->PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    KdPrint(("MouFlt: packets %ld  left %ld  right %ld  middle %ld  wheel %ld\n",
             ext->Stats.Packets, ext->Stats.Left, ext->Stats.Right,
             ext->Stats.Middle, ext->Stats.Wheel));

    IoDeleteDevice(filter);
    s_FilterDevice = nullptr;
}

// ---------------------------------------------------------------------------

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_READ]  = MouseFilter::DispatchRead;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = MouseFilter::DispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_POWER] = MouseFilter::DispatchPower;
    DriverObject->DriverUnload = MouseFilter::Unload;

    auto status = MouseFilter::Attach(DriverObject, L"\\Device\\PointerClass0");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KdPrint(("MouFlt: attached to PointerClass0\n"));
    return STATUS_SUCCESS;
}
