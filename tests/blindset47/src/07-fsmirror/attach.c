#include "fsmirror.h"

static BOOLEAN fm_is_attached(PDEVICE_OBJECT FsCdo)
{
    PLIST_ENTRY e;

    for (e = g_fm.AttachList.Flink; e != &g_fm.AttachList; e = e->Flink) {
        if (CONTAINING_RECORD(e, FM_EXT, Link)->FsCdo == FsCdo)
            return TRUE;
    }
    return FALSE;
}

NTSTATUS fm_attach(PDEVICE_OBJECT FsCdo)
{
    PDEVICE_OBJECT fdo = NULL;
    PFM_EXT ext;
    NTSTATUS status;

    status = IoCreateDevice(g_fm.Driver, sizeof(FM_EXT), NULL, FsCdo->DeviceType,
                            0, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        FM_ERR("IoCreateDevice for %p: 0x%08X", FsCdo, status);
        return status;
    }

    ext = (PFM_EXT)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self  = fdo;
    ext->FsCdo = FsCdo;

    os_mutex_lock(&g_fm.AttachLock);

    if (fm_is_attached(FsCdo)) {
        status = STATUS_DEVICE_ALREADY_ATTACHED;
        goto out;
    }

    status = IoAttachDeviceToDeviceStackSafe(fdo, FsCdo, &ext->AttachedTo);
    if (!NT_SUCCESS(status)) {
        FM_ERR("attach to %p: 0x%08X", FsCdo, status);
        goto out;
    }

    fdo->Flags |= ext->AttachedTo->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS);
    fdo->Characteristics |= ext->AttachedTo->Characteristics & FILE_DEVICE_SECURE_OPEN;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    InsertTailList(&g_fm.AttachList, &ext->Link);
    g_fm.Attached++;
    FM_LOG("watching fs %p (type %lu)", FsCdo, FsCdo->DeviceType);
    fdo = NULL;

out:
    os_mutex_unlock(&g_fm.AttachLock);
    if (fdo != NULL)
        IoDeleteDevice(fdo);
    return status;
}

/* caller holds AttachLock; the caller deletes ext->Self once it is safe */
VOID fm_detach(PFM_EXT Ext)
{
    RemoveEntryList(&Ext->Link);
    InitializeListHead(&Ext->Link);
    g_fm.Attached--;

    IoDetachDevice(Ext->Self);
}

VOID fm_detach_all(PLIST_ENTRY Detached)
{
    PFM_EXT ext;

    os_mutex_lock(&g_fm.AttachLock);
    while (!IsListEmpty(&g_fm.AttachList)) {
        ext = CONTAINING_RECORD(g_fm.AttachList.Flink, FM_EXT, Link);
        fm_detach(ext);
        InsertTailList(Detached, &ext->Link);
    }
    os_mutex_unlock(&g_fm.AttachLock);
}

/*
 * Called for every file system that registers or unregisters, and - at
 * registration time - once for each file system that is already there.
 */
VOID FmFsNotification(PDEVICE_OBJECT DeviceObject, BOOLEAN FsActive)
{
    PDEVICE_OBJECT gone = NULL;
    PLIST_ENTRY e;

    if (FsActive) {
        (VOID)fm_attach(DeviceObject);
        return;
    }

    os_mutex_lock(&g_fm.AttachLock);
    for (e = g_fm.AttachList.Flink; e != &g_fm.AttachList; e = e->Flink) {
        PFM_EXT ext = CONTAINING_RECORD(e, FM_EXT, Link);
        if (ext->FsCdo == DeviceObject) {
            fm_detach(ext);
            gone = ext->Self;
            break;
        }
    }
    os_mutex_unlock(&g_fm.AttachLock);

    if (gone != NULL)
        IoDeleteDevice(gone);
}
