/*
 * notify.c - file system registration callback, attach/detach to FS CDOs
 */
#include "fsmon.h"

static BOOLEAN
FsmIsInterestingFs(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    return (FsDevice->DeviceType == FILE_DEVICE_DISK_FILE_SYSTEM ||
            FsDevice->DeviceType == FILE_DEVICE_CD_ROM_FILE_SYSTEM ||
            FsDevice->DeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM);
}

static PFSM_DEVEXT
FsmFindLocked(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    PLIST_ENTRY e;

    for (e = gFsm.AttachedList.Flink; e != &gFsm.AttachedList; e = e->Flink) {
        PFSM_DEVEXT ext = CONTAINING_RECORD(e, FSM_DEVEXT, Link);
        if (ext->FsCdo == FsDevice) {
            return ext;
        }
    }
    return NULL;
}

static VOID
FsmAttachToFs(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    PDEVICE_OBJECT filter = NULL;
    PFSM_DEVEXT ext;
    NTSTATUS status;

    ExAcquireFastMutex(&gFsm.AttachLock);

    if (FsmFindLocked(FsDevice) != NULL) {
        goto out;
    }

    status = IoCreateDevice(gFsm.DriverObject, sizeof(FSM_DEVEXT), NULL,
                            FsDevice->DeviceType, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        FSM_KDPRINT(("FsMountMon: IoCreateDevice for fs %p failed %08x\n", FsDevice, status));
        goto out;
    }

    ext = (PFSM_DEVEXT)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(FSM_DEVEXT));
    ext->Self  = filter;
    ext->FsCdo = FsDevice;

    status = IoAttachDeviceToDeviceStackSafe(filter, FsDevice, &ext->AttachedTo);
    if (!NT_SUCCESS(status)) {
        FSM_KDPRINT(("FsMountMon: attach to fs %p failed %08x\n", FsDevice, status));
        IoDeleteDevice(filter);
        goto out;
    }

    /* look like whoever is below us */
    SetFlag(filter->Flags, ext->AttachedTo->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO));
    SetFlag(filter->Characteristics, ext->AttachedTo->Characteristics & FILE_DEVICE_SECURE_OPEN);

    InsertTailList(&gFsm.AttachedList, &ext->Link);
    ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);

    FSM_KDPRINT(("FsMountMon: attached %p over fs %p\n", filter, FsDevice));
out:
    ExReleaseFastMutex(&gFsm.AttachLock);
}

static VOID
FsmDetachFromFs(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    PFSM_DEVEXT ext;

    ExAcquireFastMutex(&gFsm.AttachLock);
    ext = FsmFindLocked(FsDevice);
    if (ext != NULL) {
        RemoveEntryList(&ext->Link);
    }
    ExReleaseFastMutex(&gFsm.AttachLock);

    if (ext != NULL) {
        IoDetachDevice(ext->AttachedTo);
        IoDeleteDevice(ext->Self);
    }
}

VOID
FsmFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN        FsActive
    )
{
    PAGED_CODE();

    if (!FsmIsInterestingFs(DeviceObject)) {
        return;
    }

    if (FsActive) {
        FsmAttachToFs(DeviceObject);
    } else {
        FsmDetachFromFs(DeviceObject);
    }
}

/* called from FastIoDetachDevice when the lower device is going away */
VOID
FsmForgetDevice(
    _In_ PDEVICE_OBJECT FilterDevice
    )
{
    PFSM_DEVEXT ext = (PFSM_DEVEXT)FilterDevice->DeviceExtension;

    ExAcquireFastMutex(&gFsm.AttachLock);
    RemoveEntryList(&ext->Link);
    InitializeListHead(&ext->Link);
    ExReleaseFastMutex(&gFsm.AttachLock);
}

VOID
FsmDetachAll(VOID)
{
    PLIST_ENTRY e;
    PFSM_DEVEXT ext;

    ExAcquireFastMutex(&gFsm.AttachLock);
    while (!IsListEmpty(&gFsm.AttachedList)) {
        e = RemoveHeadList(&gFsm.AttachedList);
        ext = CONTAINING_RECORD(e, FSM_DEVEXT, Link);
        IoDetachDevice(ext->AttachedTo);
        IoDeleteDevice(ext->Self);
    }
    ExReleaseFastMutex(&gFsm.AttachLock);
}
