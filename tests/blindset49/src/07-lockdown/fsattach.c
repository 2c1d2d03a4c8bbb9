/*
 * fsattach.c - attach/detach bookkeeping for LockDown
 */
#include "lockdown.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LdFsNotification)
#pragma alloc_text(PAGE, LdAttachToFileSystem)
#pragma alloc_text(PAGE, LdAttachToMountedVolume)
#pragma alloc_text(PAGE, LdDetachFromFileSystem)
#pragma alloc_text(PAGE, LdDetachAll)
#endif

static VOID
LdTrack(
    _In_ PLD_EXTENSION Ext
    )
{
    ExAcquireFastMutex(&g_Ld.Lock);
    InsertTailList(&g_Ld.Attached, &Ext->Link);
    ExReleaseFastMutex(&g_Ld.Lock);
}

VOID
LdFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN FsActive
    )
{
    PAGED_CODE();

    if (FsActive) {
        if (!LdAttachToFileSystem(DeviceObject)) {
            LDTRACE(("LockDown: could not attach to %wZ\n", &DeviceObject->DriverObject->DriverName));
        }
    } else {
        LdDetachFromFileSystem(DeviceObject);
    }
}

BOOLEAN
LdAttachToFileSystem(
    _In_ PDEVICE_OBJECT FsCdo
    )
{
    PDEVICE_OBJECT dev = NULL;
    PLD_EXTENSION ext;

    PAGED_CODE();

    if (FsCdo->DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return FALSE;           /* CD/network never need locking */
    }

    if (!NT_SUCCESS(IoCreateDevice(g_Ld.DriverObject, sizeof(LD_EXTENSION), NULL,
                                   FsCdo->DeviceType, 0, FALSE, &dev))) {
        return FALSE;
    }

    ext = LD_EXT(dev);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Kind = LdKindFsCdo;
    ext->Self = dev;
    ext->Target = FsCdo;

    if (!NT_SUCCESS(IoAttachDeviceToDeviceStackSafe(dev, FsCdo, &ext->Lower))) {
        IoDeleteDevice(dev);
        return FALSE;
    }

    SetFlag(dev->Flags, FlagOn(ext->Lower->Flags, DO_BUFFERED_IO | DO_DIRECT_IO));
    ClearFlag(dev->Flags, DO_DEVICE_INITIALIZING);

    LdTrack(ext);
    return TRUE;
}

BOOLEAN
LdAttachToMountedVolume(
    _In_ PDEVICE_OBJECT VolumeDevice,
    _In_ PDEVICE_OBJECT RealDevice
    )
{
    PDEVICE_OBJECT dev = NULL;
    PLD_EXTENSION ext;

    PAGED_CODE();

    if (!NT_SUCCESS(IoCreateDevice(g_Ld.DriverObject, sizeof(LD_EXTENSION), NULL,
                                   VolumeDevice->DeviceType, 0, FALSE, &dev))) {
        return FALSE;
    }

    ext = LD_EXT(dev);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Kind = LdKindVolume;
    ext->Self = dev;
    ext->Target = VolumeDevice;
    ext->RealDevice = RealDevice;

    if (!NT_SUCCESS(IoAttachDeviceToDeviceStackSafe(dev, VolumeDevice, &ext->Lower))) {
        IoDeleteDevice(dev);
        return FALSE;
    }

    SetFlag(dev->Flags, FlagOn(ext->Lower->Flags,
                               DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS));
    SetFlag(dev->Characteristics, FlagOn(ext->Lower->Characteristics, FILE_DEVICE_SECURE_OPEN));

    LdTrack(ext);
    return TRUE;
}

VOID
LdDetachFromFileSystem(
    _In_ PDEVICE_OBJECT FsCdo
    )
{
    PLIST_ENTRY e;
    PLD_EXTENSION ext, found = NULL;

    PAGED_CODE();

    ExAcquireFastMutex(&g_Ld.Lock);
    for (e = g_Ld.Attached.Flink; e != &g_Ld.Attached; e = e->Flink) {
        ext = CONTAINING_RECORD(e, LD_EXTENSION, Link);
        if (ext->Kind == LdKindFsCdo && ext->Target == FsCdo) {
            RemoveEntryList(&ext->Link);
            found = ext;
            break;
        }
    }
    ExReleaseFastMutex(&g_Ld.Lock);

    if (found != NULL) {
        IoDetachDevice(found->Lower);
        IoDeleteDevice(found->Self);
    }
}

VOID
LdFastIoDetachDevice(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice
    )
{
    PLD_EXTENSION ext = LD_EXT(SourceDevice);

    /* volume dismounted (or FS unloading): the device below is going away */
    ExAcquireFastMutex(&g_Ld.Lock);
    RemoveEntryList(&ext->Link);
    ExReleaseFastMutex(&g_Ld.Lock);

    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

VOID
LdDetachAll(
    VOID
    )
{
    LIST_ENTRY doomed;
    PLIST_ENTRY e;
    LARGE_INTEGER interval;

    PAGED_CODE();

    InitializeListHead(&doomed);

    ExAcquireFastMutex(&g_Ld.Lock);
    while (!IsListEmpty(&g_Ld.Attached)) {
        e = RemoveHeadList(&g_Ld.Attached);
        IoDetachDevice(CONTAINING_RECORD(e, LD_EXTENSION, Link)->Lower);
        InsertTailList(&doomed, e);
    }
    ExReleaseFastMutex(&g_Ld.Lock);

    interval.QuadPart = -10 * 1000 * (LONGLONG)LD_DRAIN_DELAY_MS;
    KeDelayExecutionThread(KernelMode, FALSE, &interval);

    while (!IsListEmpty(&doomed)) {
        e = RemoveHeadList(&doomed);
        IoDeleteDevice(CONTAINING_RECORD(e, LD_EXTENSION, Link)->Self);
    }
}
