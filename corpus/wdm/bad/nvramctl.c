/*
 * nvramctl.c - legacy driver exposing the 256-byte battery-backed NVRAM of
 * the CM-7 industrial PC's supervisor chip as \\.\NvramCtl.
 *
 * BUG (DE005): the status of IoCreateSymbolicLink is thrown away; when the
 * link name already exists (a second instance, or a stale link after a
 * crash) the driver loads without its user-mode name and the tool fails
 * with "file not found" instead of the driver failing to start.
 */

#include <ntddk.h>

#define NVRAM_SIZE          256
#define NVRAM_INDEX_PORT    ((PUCHAR)(ULONG_PTR)0x72)
#define NVRAM_DATA_PORT     ((PUCHAR)(ULONG_PTR)0x73)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NvUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH NvCreateClose;

_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH NvRead;

static UNICODE_STRING NvDeviceName = RTL_CONSTANT_STRING(L"\\Device\\NvramCtl");
static UNICODE_STRING NvLinkName   = RTL_CONSTANT_STRING(L"\\DosDevices\\NvramCtl");

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &NvDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    IoCreateSymbolicLink(&NvLinkName, &NvDeviceName);          // expect: DE005

    DriverObject->MajorFunction[IRP_MJ_CREATE] = NvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = NvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = NvRead;
    DriverObject->DriverUnload = NvUnload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
NvUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&NvLinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
NvCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
NvRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR out = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG offset = irpSp->Parameters.Read.ByteOffset.LowPart;
    ULONG length = irpSp->Parameters.Read.Length;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (offset >= NVRAM_SIZE) {
        length = 0;
    } else if (length > NVRAM_SIZE - offset) {
        length = NVRAM_SIZE - offset;
    }
    for (i = 0; i < length; i++) {
        WRITE_PORT_UCHAR(NVRAM_INDEX_PORT, (UCHAR)(offset + i));
        out[i] = READ_PORT_UCHAR(NVRAM_DATA_PORT);
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
