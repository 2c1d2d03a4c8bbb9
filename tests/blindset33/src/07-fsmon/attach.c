/*
 * attach.c - attaching to file system control devices and mounted
 * volumes, and tearing the attachments down again.
 */
#include "fsmon.h"

static NTSTATUS
FsMonCreateFilterDevice(
    _In_ PDEVICE_OBJECT Target,
    _Out_ PDEVICE_OBJECT *FilterDevice
    )
{
    PFSMON_DEVICE_EXTENSION ext;
    PDEVICE_OBJECT dev;
    NTSTATUS status;

    status = IoCreateDevice(g_FsMon.DriverObject,
                            sizeof(FSMON_DEVICE_EXTENSION),
                            NULL,
                            Target->DeviceType,
                            0,
                            FALSE,
                            &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PFSMON_DEVICE_EXTENSION)dev->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = dev;
    InitializeListHead(&ext->Link);

    SetFlag(dev->Flags, FlagOn(Target->Flags, (DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS)));
    SetFlag(dev->Characteristics, FlagOn(Target->Characteristics, FILE_DEVICE_SECURE_OPEN));

    *FilterDevice = dev;
    return STATUS_SUCCESS;
}

static NTSTATUS
FsMonAttach(
    _In_ PDEVICE_OBJECT FilterDevice,
    _In_ PDEVICE_OBJECT Target
    )
{
    PFSMON_DEVICE_EXTENSION ext = (PFSMON_DEVICE_EXTENSION)FilterDevice->DeviceExtension;
    NTSTATUS status;

    status = IoAttachDeviceToDeviceStackSafe(FilterDevice, Target, &ext->AttachedTo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ExAcquireFastMutex(&g_FsMon.AttachLock);
    InsertTailList(&g_FsMon.AttachedList, &ext->Link);
    ExReleaseFastMutex(&g_FsMon.AttachLock);

    return STATUS_SUCCESS;
}

static VOID
FsMonAttachToFs(_In_ PDEVICE_OBJECT FsCdo)
{
    PDEVICE_OBJECT filter;
    NTSTATUS status;

    if (FsCdo->DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM &&
        FsCdo->DeviceType != FILE_DEVICE_CD_ROM_FILE_SYSTEM) {
        return;
    }

    status = FsMonCreateFilterDevice(FsCdo, &filter);
    if (!NT_SUCCESS(status)) {
        return;
    }

    status = FsMonAttach(filter, FsCdo);
    if (!NT_SUCCESS(status)) {
        FSMON_PRINT("attach to %wZ failed: 0x%08X", &FsCdo->DriverObject->DriverName, status);
        IoDeleteDevice(filter);
        return;
    }

    FSMON_PRINT("attached to file system %wZ", &FsCdo->DriverObject->DriverName);
}

NTSTATUS
FsMonAttachToVolume(
    _In_ PDEVICE_OBJECT VolumeDevice,
    _In_ PDEVICE_OBJECT StorageDevice
    )
{
    PFSMON_DEVICE_EXTENSION ext;
    PDEVICE_OBJECT filter;
    NTSTATUS status;

    status = FsMonCreateFilterDevice(VolumeDevice, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PFSMON_DEVICE_EXTENSION)filter->DeviceExtension;
    ext->StorageDevice = StorageDevice;
    ext->IsVolume = TRUE;

    status = FsMonAttach(filter, VolumeDevice);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }

    ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);
    FSMON_PRINT("attached to volume %p (storage %p)", VolumeDevice, StorageDevice);
    return STATUS_SUCCESS;
}

/* Unlinks Ext from the attached list; FALSE if someone else already did. */
BOOLEAN
FsMonForget(_In_ PFSMON_DEVICE_EXTENSION Ext)
{
    BOOLEAN wasLinked;

    ExAcquireFastMutex(&g_FsMon.AttachLock);
    wasLinked = !IsListEmpty(&Ext->Link);
    if (wasLinked) {
        RemoveEntryList(&Ext->Link);
        InitializeListHead(&Ext->Link);
    }
    ExReleaseFastMutex(&g_FsMon.AttachLock);

    return wasLinked;
}

static VOID
FsMonDetachFromFs(_In_ PDEVICE_OBJECT FsCdo)
{
    PDEVICE_OBJECT lower = FsCdo;
    PDEVICE_OBJECT attached = FsCdo->AttachedDevice;

    while (attached != NULL) {
        if (IS_FSMON_FILTER(attached)) {
            if (FsMonForget((PFSMON_DEVICE_EXTENSION)attached->DeviceExtension)) {
                IoDetachDevice(lower);
                IoDeleteDevice(attached);
            }
            return;
        }
        lower = attached;
        attached = attached->AttachedDevice;
    }
}

VOID
FsMonFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN FsActive
    )
{
    if (FsActive) {
        FsMonAttachToFs(DeviceObject);
    } else {
        FsMonDetachFromFs(DeviceObject);
    }
}

VOID
FsMonDetachAll(VOID)
{
    PFSMON_DEVICE_EXTENSION ext;
    PLIST_ENTRY entry;

    for (;;) {
        ExAcquireFastMutex(&g_FsMon.AttachLock);
        if (IsListEmpty(&g_FsMon.AttachedList)) {
            ExReleaseFastMutex(&g_FsMon.AttachLock);
            break;
        }
        entry = RemoveHeadList(&g_FsMon.AttachedList);
        InitializeListHead(entry);
        ExReleaseFastMutex(&g_FsMon.AttachLock);

        ext = CONTAINING_RECORD(entry, FSMON_DEVICE_EXTENSION, Link);
        FSMON_PRINT("detaching %p (%ld creates)", ext->Self, ext->Creates);

        IoDeleteDevice(ext->Self);
        IoDetachDevice(ext->AttachedTo);
    }
}
