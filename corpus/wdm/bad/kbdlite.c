/*
 * kbdlite.c - legacy control driver for the keyboard backlight controller
 * of the KL-15 rugged notebook (embedded controller ports 0x6C/0x68).
 * \\.\KbdLite: ReadFile returns the current level, WriteFile sets it.
 *
 * BUG (WDM005): the write slot was filled by copy-and-paste with the routine
 * annotated for IRP_MJ_READ. Also (WDM006, a note): the flush routine was
 * added later with a plain prototype instead of a DRIVER_DISPATCH declaration.
 */

#include <ntddk.h>

#define KBDLITE_DEVICE_NAME L"\\Device\\KbdLite"
#define KBDLITE_LINK_NAME   L"\\DosDevices\\KbdLite"
#define KBDLITE_EC_DATA     ((PUCHAR)(ULONG_PTR)0x68)
#define KBDLITE_EC_CMD      ((PUCHAR)(ULONG_PTR)0x6C)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KblUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH KblCreateClose;

_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH KblRead;

_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH KblWrite;

/* Added in 1.2 for the power-management service; no role type. */
NTSTATUS KblFlush(PDEVICE_OBJECT DeviceObject, PIRP Irp);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KblUnload)
#endif

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(KBDLITE_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KBDLITE_LINK_NAME);
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]        = KblCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]         = KblCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]          = KblRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE]         = KblRead;     // expect: WDM005
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = KblFlush;    // expect: WDM006
    DriverObject->DriverUnload = KblUnload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
KblUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KBDLITE_LINK_NAME);

    PAGED_CODE();
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

static NTSTATUS
KblComplete(_Inout_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
KblCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return KblComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
KblRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    if (irpSp->Parameters.Read.Length < 1) {
        return KblComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    WRITE_PORT_UCHAR(KBDLITE_EC_CMD, 0x80);
    *(PUCHAR)Irp->AssociatedIrp.SystemBuffer = READ_PORT_UCHAR(KBDLITE_EC_DATA);
    return KblComplete(Irp, STATUS_SUCCESS, 1);
}

NTSTATUS
KblWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    if (irpSp->Parameters.Write.Length < 1) {
        return KblComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    WRITE_PORT_UCHAR(KBDLITE_EC_CMD, 0x81);
    WRITE_PORT_UCHAR(KBDLITE_EC_DATA, *(PUCHAR)Irp->AssociatedIrp.SystemBuffer);
    return KblComplete(Irp, STATUS_SUCCESS, 1);
}

NTSTATUS
KblFlush(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return KblComplete(Irp, STATUS_SUCCESS, 0);
}
