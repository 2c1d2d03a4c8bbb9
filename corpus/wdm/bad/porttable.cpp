/*
 * porttable.cpp - "padtap" as in ../porttable.cpp, but both keyboards of
 * the table are optional: when neither attaches, every device has been
 * deleted and DriverEntry still returns success (DE013).
 */

#include <ntddk.h>

namespace {

struct FilterExt {
    PDEVICE_OBJECT Lower;
};

struct AttachRow {
    const wchar_t *Target;
    bool Required;
};

constexpr AttachRow kAttach[] = {
    { L"\\Device\\KeyboardClass0", false },
    { L"\\Device\\KeyboardClass1", false },
};

struct DispatchRow {
    UCHAR Major;
    PDRIVER_DISPATCH Routine;
};

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) _Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_POWER) _Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH PassDown;

_Use_decl_annotations_
NTSTATUS PassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto *ext = static_cast<FilterExt *>(DeviceObject->DeviceExtension);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

constexpr DispatchRow kDispatch[] = {
    { IRP_MJ_CREATE, PassDown },
    { IRP_MJ_CLOSE, PassDown },
    { IRP_MJ_READ, PassDown },
    { IRP_MJ_POWER, PassDown },
    { IRP_MJ_PNP, PassDown },
};

void DetachAll(PDRIVER_OBJECT driver)
{
    while (driver->DeviceObject) {
        PDEVICE_OBJECT dev = driver->DeviceObject;
        auto *ext = static_cast<FilterExt *>(dev->DeviceExtension);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(dev);
    }
}

NTSTATUS AttachTo(PDRIVER_OBJECT driver, const wchar_t *target)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, target);
    PDEVICE_OBJECT filter = nullptr;
    NTSTATUS status = IoCreateDevice(driver, sizeof(FilterExt), nullptr, FILE_DEVICE_KEYBOARD, 0, FALSE,
                                     &filter);
    if (!NT_SUCCESS(status))
        return status;
    auto *ext = static_cast<FilterExt *>(filter->DeviceExtension);
    status = IoAttachDevice(filter, &name, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }
    filter->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

} // namespace

DRIVER_UNLOAD PadUnload;

void PadUnload(PDRIVER_OBJECT DriverObject)
{
    DetachAll(DriverObject);
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (const auto &row : kDispatch)
        DriverObject->MajorFunction[row.Major] = row.Routine;
    DriverObject->DriverUnload = PadUnload;

    ULONG attached = 0;
    for (const auto &row : kAttach) {
        NTSTATUS status = AttachTo(DriverObject, row.Target);
        if (NT_SUCCESS(status)) {
            attached++;
            continue;
        }
        if (row.Required) {
            DetachAll(DriverObject);
            return status;
        }
    }
    KdPrint(("padtap: %lu keyboard(s)\n", attached));
    return STATUS_SUCCESS;  // expect: DE013
}
