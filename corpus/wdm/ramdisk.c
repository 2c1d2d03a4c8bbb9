/*
 * ramdisk.c - "rd8": a legacy RAM disk of 8 MB. DriverEntry allocates the
 * image and creates its own disk device; it attaches to nothing and sets
 * no AddDevice, so no PnP manager hands it a device stack. Every major
 * function first gets a handler that refuses the request, then the ones
 * it serves get their own. It includes <ntdddisk.h> for the disk IOCTLs,
 * which does not make it a storage filter: a filter attaches.
 */

#include <ntddk.h>
#include <ntdddisk.h>

#define RD_TAG 'kDmR'
#define RD_SIZE (8 * 1024 * 1024)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RdUnload;
DRIVER_DISPATCH RdRefuse;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RdCreateClose;

_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH RdReadWrite;

static PUCHAR g_RdImage;
static PDEVICE_OBJECT g_RdDevice;

NTSTATUS
RdRefuse(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS
RdCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RdReadWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = sp->Parameters.Read.Length;
    LONGLONG offset = sp->Parameters.Read.ByteOffset.QuadPart;
    PVOID buffer;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (offset < 0 || offset + length > RD_SIZE) {
        status = STATUS_INVALID_PARAMETER;
        length = 0;
    } else {
        buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (buffer == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            length = 0;
        } else if (sp->MajorFunction == IRP_MJ_READ) {
            RtlCopyMemory(buffer, g_RdImage + offset, length);
        } else {
            RtlCopyMemory(g_RdImage + offset, buffer, length);
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
RdUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_RdDevice);
    ExFreePoolWithTag(g_RdImage, RD_TAG);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\Rd8");
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_RdImage = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, RD_SIZE, RD_TAG);
    if (g_RdImage == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK, 0, FALSE, &g_RdDevice);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_RdImage, RD_TAG);
        return status;
    }
    g_RdDevice->Flags |= DO_DIRECT_IO;
    g_RdDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = RdRefuse;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = RdReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RdReadWrite;
    DriverObject->DriverUnload = RdUnload;
    return STATUS_SUCCESS;
}
