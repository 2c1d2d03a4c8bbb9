/*
 * ramdisk - a tiny RAM backed disk to learn how the storage stack talks
 * to a disk device.  Not PnP: the device is created in DriverEntry and
 * gets a drive letter through a DOS link.
 *
 *   sc create ramdisk type= kernel binPath= C:\drivers\ramdisk.sys
 *   sc start ramdisk
 *   format R: /fs:fat32 /q
 */
#include "ramdisk.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RdUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RdUnload)
#endif

/*
 * Requests this driver answers.  Kept as a table so adding one is a
 * one-line change.
 */
typedef struct _RD_DISPATCH_ROW {
    UCHAR            Major;
    PDRIVER_DISPATCH Handler;
} RD_DISPATCH_ROW;

static const RD_DISPATCH_ROW g_DispatchTable[] = {
    { IRP_MJ_CREATE,         RdDispatchCreateClose   },
    { IRP_MJ_CLOSE,          RdDispatchCreateClose   },
    { IRP_MJ_READ,           RdDispatchReadWrite     },
    { IRP_MJ_DEVICE_CONTROL, RdDispatchDeviceControl },
};

_Use_decl_annotations_
VOID
RdUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RD_LINK_NAME);
    PDEVICE_OBJECT dev = DriverObject->DeviceObject;
    PUCHAR image = NULL;

    PAGED_CODE();

    IoDeleteSymbolicLink(&linkName);

    if (dev != NULL) {
        PRD_EXTENSION ext = (PRD_EXTENSION)dev->DeviceExtension;
        image = ext->Image;
        ext->Image = NULL;
        IoDeleteDevice(dev);
    }

    if (image != NULL) {
        ExFreePoolWithTag(image, RD_TAG);
    }

    RD_LOG("unloaded\n");
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT dev = NULL;
    PRD_EXTENSION ext;
    PUCHAR image;
    ULONG i;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RD_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RD_LINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    RD_LOG("DriverEntry, disk size %u KB\n", RD_DISK_SIZE / 1024);

    /* backing store first: no point creating a disk we cannot fill */
    image = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, RD_DISK_SIZE, RD_TAG);
    if (image == NULL) {
        RD_LOG("no memory for the image\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RdWipeImage(image, RD_DISK_SIZE);

    status = IoCreateDevice(DriverObject,
                            sizeof(RD_EXTENSION),
                            &devName,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &dev);
    if (!NT_SUCCESS(status)) {
        RD_LOG("IoCreateDevice failed 0x%08X\n", status);
        goto free_image;
    }

    ext = (PRD_EXTENSION)dev->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = dev;
    ext->Image = image;
    ext->Size.QuadPart = RD_DISK_SIZE;
    KeInitializeSpinLock(&ext->Lock);
    RdFillGeometry(ext);

    dev->Flags |= DO_DIRECT_IO;
    dev->AlignmentRequirement = FILE_WORD_ALIGNMENT;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        RD_LOG("IoCreateSymbolicLink failed 0x%08X\n", status);
        goto delete_device;
    }

    for (i = 0; i < RTL_NUMBER_OF(g_DispatchTable); i++) {
        DriverObject->MajorFunction[g_DispatchTable[i].Major] = g_DispatchTable[i].Handler;
    }
    DriverObject->DriverUnload = RdUnload;

    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    RD_LOG("ready as %wZ\n", &linkName);
    return STATUS_SUCCESS;

delete_device:
    IoDeleteDevice(dev);
    /* the image hangs off the extension now, release it as well */
    ExFreePoolWithTag(ext->Image, RD_TAG);
    return status;

free_image:
    ExFreePoolWithTag(image, RD_TAG);
    return status;
}
