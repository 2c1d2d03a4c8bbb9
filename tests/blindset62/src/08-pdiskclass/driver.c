/*
 * driver.c - DriverEntry, unload and the data path of pdisk
 */
#include "pdisk.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PdUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PdDispatchCreateClose;

_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH PdDispatchReadWrite;

UNICODE_STRING g_PdRegistryPath = { 0, 0, NULL };

VOID PdUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_PdRegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_PdRegistryPath.Buffer, PD_TAG);
        g_PdRegistryPath.Buffer = NULL;
    }
    PDPRINT(("pdisk: unloaded\n"));
}

NTSTATUS PdDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PdDispatchReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PPD_FDO_EXTENSION ext = (PPD_FDO_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG_PTR info = 0;
    LONGLONG offset = stack->Parameters.Read.ByteOffset.QuadPart;
    ULONG length = stack->Parameters.Read.Length;   /* same layout for Write */
    PUCHAR buffer;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (ext->State != PdStarted) {
        status = STATUS_DEVICE_NOT_READY;
    } else if (offset < 0 || (ULONGLONG)offset + length > PD_IMAGE_BYTES ||
               (length % PD_SECTOR) != 0) {
        status = STATUS_INVALID_PARAMETER;
    } else {
        buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (buffer == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            if (stack->MajorFunction == IRP_MJ_READ) {
                RtlCopyMemory(buffer, ext->Image + offset, length);
                ext->Stats.Reads++;
            } else {
                RtlCopyMemory(ext->Image + offset, buffer, length);
                ext->Stats.Writes++;
            }
            info = length;
            status = STATUS_SUCCESS;
        }
    }

    ext->Stats.Errors += NT_SUCCESS(status) ? 0 : 1;
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_DISK_INCREMENT);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    /* WMI wants the registry path later on, keep our own copy */
    g_PdRegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    g_PdRegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                    g_PdRegistryPath.MaximumLength,
                                                    PD_TAG);
    if (g_PdRegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_PdRegistryPath, RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PdDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PdDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = PdDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = PdDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = PdDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = PdDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = PdDispatchSystemControl;

    DriverObject->DriverExtension->AddDevice = PdAddDevice;
    DriverObject->DriverUnload = PdUnload;

    PDPRINT(("pdisk: loaded from %wZ\n", RegistryPath));
    return STATUS_SUCCESS;
}
