/*
 * notify.c - file system (un)registration callback and attach/detach.
 */
#include "fsattach.h"

static NTSTATUS
FaAttachToFs(
    _In_ PDEVICE_OBJECT FsCdo
    )
{
    NTSTATUS                status;
    PDEVICE_OBJECT          filterDo = NULL;
    PFA_DEVICE_EXTENSION    ext;

    status = IoCreateDevice(Globals.DriverObject,
                            sizeof(FA_DEVICE_EXTENSION),
                            NULL,
                            FsCdo->DeviceType,
                            0,
                            FALSE,
                            &filterDo);
    if (!NT_SUCCESS(status)) {
        FA_ERR("IoCreateDevice for fs %p: 0x%08x", FsCdo, status);
        return status;
    }

    ext = (PFA_DEVICE_EXTENSION)filterDo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self  = filterDo;
    ext->FsCdo = FsCdo;

    /* look like the device we sit on */
    if (FlagOn(FsCdo->Flags, DO_BUFFERED_IO)) {
        SetFlag(filterDo->Flags, DO_BUFFERED_IO);
    }
    if (FlagOn(FsCdo->Flags, DO_DIRECT_IO)) {
        SetFlag(filterDo->Flags, DO_DIRECT_IO);
    }
    if (FlagOn(FsCdo->Characteristics, FILE_DEVICE_SECURE_OPEN)) {
        SetFlag(filterDo->Characteristics, FILE_DEVICE_SECURE_OPEN);
    }

    status = IoAttachDeviceToDeviceStackSafe(filterDo, FsCdo, &ext->AttachedTo);
    if (!NT_SUCCESS(status)) {
        FA_ERR("attach to %p failed 0x%08x", FsCdo, status);
        IoDeleteDevice(filterDo);
        return status;
    }

    ExAcquireFastMutex(&Globals.AttachLock);
    InsertTailList(&Globals.AttachedList, &ext->Link);
    Globals.AttachedCount++;
    ExReleaseFastMutex(&Globals.AttachLock);

    FA_PRINT("attached %p -> fs cdo %p (type %lu)", filterDo, FsCdo, FsCdo->DeviceType);
    return STATUS_SUCCESS;
}

/* unlink from our list; caller detaches/deletes */
VOID
FaForgetDevice(
    _In_ PDEVICE_OBJECT FilterDevice
    )
{
    PFA_DEVICE_EXTENSION ext = (PFA_DEVICE_EXTENSION)FilterDevice->DeviceExtension;

    ExAcquireFastMutex(&Globals.AttachLock);
    if (!IsListEmpty(&ext->Link) && ext->Link.Flink != NULL) {
        RemoveEntryList(&ext->Link);
        InitializeListHead(&ext->Link);
        Globals.AttachedCount--;
    }
    ExReleaseFastMutex(&Globals.AttachLock);
}

static VOID
FaDetachFromFs(
    _In_ PDEVICE_OBJECT FsCdo
    )
{
    PLIST_ENTRY             e;
    PFA_DEVICE_EXTENSION    found = NULL;

    ExAcquireFastMutex(&Globals.AttachLock);
    for (e = Globals.AttachedList.Flink; e != &Globals.AttachedList; e = e->Flink) {
        PFA_DEVICE_EXTENSION ext = CONTAINING_RECORD(e, FA_DEVICE_EXTENSION, Link);
        if (ext->FsCdo == FsCdo) {
            RemoveEntryList(&ext->Link);
            InitializeListHead(&ext->Link);
            Globals.AttachedCount--;
            found = ext;
            break;
        }
    }
    ExReleaseFastMutex(&Globals.AttachLock);

    if (found != NULL) {
        IoDetachDevice(found->AttachedTo);
        IoDeleteDevice(found->Self);
    }
}

VOID
FaFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN FsActive
    )
{
    FA_PRINT("fs %p %s", DeviceObject, FsActive ? "registered" : "unregistered");

    if (FsActive) {
        (VOID)FaAttachToFs(DeviceObject);
    } else {
        FaDetachFromFs(DeviceObject);
    }
}

/*
 * Unload, step 1: detach everything but keep the device objects alive
 * (IRPs may still be inside our dispatch routines).  They are parked on
 * Detached and deleted by FaDeleteDetached once the caller has waited.
 */
VOID
FaDetachAll(
    _Out_ PLIST_ENTRY Detached
    )
{
    PLIST_ENTRY             e;
    PFA_DEVICE_EXTENSION    ext;

    InitializeListHead(Detached);

    ExAcquireFastMutex(&Globals.AttachLock);
    while (!IsListEmpty(&Globals.AttachedList)) {
        e = RemoveHeadList(&Globals.AttachedList);
        Globals.AttachedCount--;
        ext = CONTAINING_RECORD(e, FA_DEVICE_EXTENSION, Link);
        IoDetachDevice(ext->AttachedTo);
        InsertTailList(Detached, e);
    }
    ExReleaseFastMutex(&Globals.AttachLock);
}

VOID
FaDeleteDetached(
    _Inout_ PLIST_ENTRY Detached
    )
{
    while (!IsListEmpty(Detached)) {
        PLIST_ENTRY e = RemoveHeadList(Detached);
        PFA_DEVICE_EXTENSION ext = CONTAINING_RECORD(e, FA_DEVICE_EXTENSION, Link);

        InitializeListHead(e);
        IoDeleteDevice(ext->Self);
    }
}
