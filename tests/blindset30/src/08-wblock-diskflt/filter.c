/*
 * filter.c - DriverEntry, AddDevice, write blocking
 */
#include "wblock.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WbAddDevice)
#pragma alloc_text(PAGE, WbUnload)
#endif

const UCHAR WbDriverExtensionKey[1] = { 0 };

static NTSTATUS
WbCopyRegistryPath(
    _Out_ PUNICODE_STRING Dest,
    _In_ PCUNICODE_STRING Source
    )
{
    Dest->Length = 0;
    Dest->MaximumLength = Source->Length + sizeof(WCHAR);
    Dest->Buffer = ExAllocatePool2(POOL_FLAG_PAGED, Dest->MaximumLength, WB_TAG);
    if (Dest->Buffer == NULL) {
        Dest->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(Dest, Source);
    return STATUS_SUCCESS;
}

static BOOLEAN
WbReadBlockByDefault(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey = NULL, paramKey = NULL;
    UNICODE_STRING name;
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    ULONG len;
    BOOLEAN block = TRUE;   /* fail safe: block */

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&serviceKey, KEY_READ, &oa))) {
        return block;
    }

    RtlInitUnicodeString(&name, L"Parameters");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    if (NT_SUCCESS(ZwOpenKey(&paramKey, KEY_READ, &oa))) {
        RtlInitUnicodeString(&name, L"BlockByDefault");
        if (NT_SUCCESS(ZwQueryValueKey(paramKey, &name, KeyValuePartialInformation, kv, sizeof(buf), &len)) &&
            kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
            block = (*(PULONG)kv->Data != 0);
        }
        ZwClose(paramKey);
    }
    ZwClose(serviceKey);
    return block;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PWB_DRIVER_EXTENSION ext = NULL;
    NTSTATUS status;
    ULONG i;

    WbPrint(DPFLTR_INFO_LEVEL, "DriverEntry %wZ", RegistryPath);

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             WB_EXT_KEY,
                                             sizeof(WB_DRIVER_EXTENSION),
                                             (PVOID *)&ext);
    ext->BlockByDefault = WbReadBlockByDefault(RegistryPath);
    ext->DeviceCount = 0;

    status = WbCopyRegistryPath(&ext->RegistryPath, RegistryPath);
    if (!NT_SUCCESS(status)) {
        WbPrint(DPFLTR_ERROR_LEVEL, "driver extension setup failed 0x%08X", status);
        return status;
    }

    /* pass everything through by default */
    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = WbDispatchPassThrough;
    }

    DriverObject->MajorFunction[IRP_MJ_WRITE]          = WbDispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WbDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = WbDispatchPower;

    DriverObject->DriverExtension->AddDevice = WbAddDevice;
    DriverObject->DriverUnload = WbUnload;

    return STATUS_SUCCESS;
}

VOID
WbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PWB_DRIVER_EXTENSION ext;

    PAGED_CODE();

    ext = IoGetDriverObjectExtension(DriverObject, WB_EXT_KEY);
    if (ext != NULL && ext->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(ext->RegistryPath.Buffer, WB_TAG);
        ext->RegistryPath.Buffer = NULL;
    }
    WbPrint(DPFLTR_INFO_LEVEL, "unloaded");
}

NTSTATUS
WbAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PWB_DRIVER_EXTENSION drvExt;
    PWB_DEVICE_EXTENSION devExt;
    PDEVICE_OBJECT filterDo;
    PDEVICE_OBJECT lower;
    NTSTATUS status;

    PAGED_CODE();

    drvExt = IoGetDriverObjectExtension(DriverObject, WB_EXT_KEY);

    status = IoCreateDevice(DriverObject,
                            sizeof(WB_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    devExt = (PWB_DEVICE_EXTENSION)filterDo->DeviceExtension;
    RtlZeroMemory(devExt, sizeof(*devExt));
    devExt->Self = filterDo;
    devExt->Pdo = PhysicalDeviceObject;
    devExt->BlockWrites = drvExt->BlockByDefault;
    IoInitializeRemoveLock(&devExt->RemoveLock, WB_TAG, 0, 0);

    lower = IoAttachDeviceToDeviceStack(filterDo, PhysicalDeviceObject);
    if (lower == NULL) {
        IoDeleteDevice(filterDo);
        return STATUS_NO_SUCH_DEVICE;
    }
    devExt->LowerDevice = lower;

    filterDo->Flags |= lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filterDo->DeviceType = lower->DeviceType;
    filterDo->Characteristics = lower->Characteristics;
    filterDo->AlignmentRequirement = lower->AlignmentRequirement;

    InterlockedIncrement(&drvExt->DeviceCount);
    filterDo->Flags &= ~DO_DEVICE_INITIALIZING;

    WbPrint(DPFLTR_INFO_LEVEL, "attached %p above %p (block=%d)", filterDo, lower, devExt->BlockWrites);
    return STATUS_SUCCESS;
}

static NTSTATUS
WbCompleteIrp(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
WbDispatchWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWB_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&devExt->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return WbCompleteIrp(Irp, status);
    }

    if (devExt->BlockWrites) {
        InterlockedIncrement(&devExt->BlockedWrites);
        IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
        return WbCompleteIrp(Irp, STATUS_MEDIA_WRITE_PROTECTED);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(devExt->LowerDevice, Irp);
    IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
    return status;
}

NTSTATUS
WbDispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWB_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&devExt->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return WbCompleteIrp(Irp, status);
    }

    /* tell the volume stack the media is read-only */
    if (devExt->BlockWrites &&
        sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_DISK_IS_WRITABLE) {
        IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
        return WbCompleteIrp(Irp, STATUS_MEDIA_WRITE_PROTECTED);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(devExt->LowerDevice, Irp);
    IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
    return status;
}
