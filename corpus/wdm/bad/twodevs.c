/*
 * twodevs.c - the sensor hub driver of ../twodevs.c after the raw device
 * was added: DriverEntry creates it, but the unload routine still deletes
 * only the control device, so the raw device (and its name) outlives the
 * unload.
 *
 * BUG (DE011).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ShUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ShCreateClose;

static PDEVICE_OBJECT ShControl;
static PDEVICE_OBJECT ShRaw;
static UNICODE_STRING ShLink = RTL_CONSTANT_STRING(L"\\??\\SensorHub");

NTSTATUS
ShCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
ShUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&ShLink);
    IoDeleteDevice(ShControl);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING controlName = RTL_CONSTANT_STRING(L"\\Device\\SensorHub");
    UNICODE_STRING rawName = RTL_CONSTANT_STRING(L"\\Device\\SensorHubRaw");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ShCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ShCreateClose;
    DriverObject->DriverUnload = ShUnload;

    status = IoCreateDevice(DriverObject, 0, &controlName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &ShControl);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, 0, &rawName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,   // expect: DE011
                            FALSE, &ShRaw);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(ShControl);
        return status;
    }
    status = IoCreateSymbolicLink(&ShLink, &controlName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(ShRaw);
        IoDeleteDevice(ShControl);
        return status;
    }
    ShControl->Flags &= ~DO_DEVICE_INITIALIZING;
    ShRaw->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
