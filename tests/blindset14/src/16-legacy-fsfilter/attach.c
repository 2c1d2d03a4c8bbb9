/*
 * attach.c - joining and leaving device stacks
 */
#include "fsflt.h"

static NTSTATUS FsfAttach(FSF_KIND Kind, PDEVICE_OBJECT Target, PDEVICE_OBJECT Storage)
{
    PFSF_GLOBALS g = FSF_GLOBALS();
    PDEVICE_OBJECT filter = NULL;
    PFSF_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(g->DriverObject, sizeof(FSF_EXTENSION), NULL, Target->DeviceType,
                            Target->Characteristics & FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = FSF_EXT(filter);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Kind = Kind;
    ext->Self = filter;
    ext->Storage = Storage;

    status = IoAttachDeviceToDeviceStackSafe(filter, Target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS);
    filter->Characteristics |= ext->Lower->Characteristics & FILE_DEVICE_SECURE_OPEN;

    ExAcquireFastMutex(&g->AttachLock);
    InsertTailList(&g->Attached, &ext->Link);
    ext->InList = TRUE;
    ExReleaseFastMutex(&g->AttachLock);

    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

/* is one of our devices somewhere above Device? */
BOOLEAN FsfIsAttached(PDEVICE_OBJECT Device)
{
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(Device);
    PDEVICE_OBJECT cur = top;
    BOOLEAN found = FALSE;

    while (cur != NULL) {
        PDEVICE_OBJECT lower;
        if (cur->DriverObject == FSF_GLOBALS()->DriverObject) {
            found = TRUE;
            ObDereferenceObject(cur);
            break;
        }
        lower = IoGetLowerDeviceObject(cur);
        ObDereferenceObject(cur);
        cur = lower;
    }
    return found;
}

NTSTATUS FsfAttachToVolume(PDEVICE_OBJECT VolumeDevice, PDEVICE_OBJECT StorageDevice)
{
    NTSTATUS status = STATUS_SUCCESS;

    /* a remount of the same volume must not stack us twice */
    if (!FsfIsAttached(VolumeDevice)) {
        status = FsfAttach(FsfVolume, VolumeDevice, StorageDevice);
        KdPrint(("FsPeek: volume %p -> 0x%08X\n", VolumeDevice, status));
    }
    return status;
}

/* remove Filter from our list; TRUE if the caller now owns its teardown */
static BOOLEAN FsfUnlink(PDEVICE_OBJECT Filter)
{
    PFSF_GLOBALS g = FSF_GLOBALS();
    PFSF_EXTENSION ext = FSF_EXT(Filter);
    BOOLEAN owned = FALSE;

    ExAcquireFastMutex(&g->AttachLock);
    if (ext->InList) {
        RemoveEntryList(&ext->Link);
        ext->InList = FALSE;
        owned = TRUE;
    }
    ExReleaseFastMutex(&g->AttachLock);
    return owned;
}

VOID FsfFsNotification(PDEVICE_OBJECT DeviceObject, BOOLEAN FsActive)
{
    PDEVICE_OBJECT cur;

    if (DeviceObject->DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return;                         /* disks only: no CD-ROM, no network */
    }

    if (FsActive) {
        if (!FsfIsAttached(DeviceObject)) {
            NTSTATUS status = FsfAttach(FsfFsCdo, DeviceObject, NULL);
            KdPrint(("FsPeek: file system %p -> 0x%08X\n", DeviceObject, status));
        }
        return;
    }

    /* file system going away: find our device right above it */
    for (cur = DeviceObject->AttachedDevice; cur != NULL; cur = cur->AttachedDevice) {
        if (cur->DriverObject == FSF_GLOBALS()->DriverObject) {
            if (FsfUnlink(cur)) {
                IoDetachDevice(FSF_EXT(cur)->Lower);
                IoDeleteDevice(cur);
            }
            break;
        }
    }
}

VOID FsfFastIoDetachDevice(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice)
{
    /* the device below us is being deleted */
    if (FsfUnlink(SourceDevice)) {
        IoDetachDevice(TargetDevice);
        IoDeleteDevice(SourceDevice);
    }
}

VOID FsfDetachAll(VOID)
{
    PFSF_GLOBALS g = FSF_GLOBALS();
    LIST_ENTRY mine;
    PLIST_ENTRY e;
    LARGE_INTEGER settle;

    InitializeListHead(&mine);

    ExAcquireFastMutex(&g->AttachLock);
    while (!IsListEmpty(&g->Attached)) {
        e = RemoveHeadList(&g->Attached);
        CONTAINING_RECORD(e, FSF_EXTENSION, Link)->InList = FALSE;
        InsertTailList(&mine, e);
    }
    ExReleaseFastMutex(&g->AttachLock);

    if (IsListEmpty(&mine)) {
        return;
    }

    for (e = mine.Flink; e != &mine; e = e->Flink) {
        IoDetachDevice(CONTAINING_RECORD(e, FSF_EXTENSION, Link)->Lower);
    }

    /* let requests already inside our dispatch routines get out */
    settle.QuadPart = -2 * 1000 * 1000 * 10LL;
    KeDelayExecutionThread(KernelMode, FALSE, &settle);

    while (!IsListEmpty(&mine)) {
        PFSF_EXTENSION ext = CONTAINING_RECORD(RemoveHeadList(&mine), FSF_EXTENSION, Link);
        IoDeleteDevice(ext->Self);
    }
}
