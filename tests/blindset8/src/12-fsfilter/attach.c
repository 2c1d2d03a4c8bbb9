/*
 * attach.c - attaching to file systems and volumes, IRP handlers.
 */
#include "fsflt.h"

static NTSTATUS
FsfAttachDevice(
    _In_  PDEVICE_OBJECT  Target,
    _In_  PDEVICE_OBJECT  StorageStack,
    _In_  BOOLEAN         IsVolume
    )
{
    PDEVICE_OBJECT filter;
    PFSF_DEVICE_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(FsfGlobals->DriverObject, sizeof(FSF_DEVICE_EXTENSION), NULL,
                            Target->DeviceType, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PFSF_DEVICE_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self         = filter;
    ext->StorageStack = StorageStack;
    ext->IsVolume     = IsVolume;

    SetFlag(filter->Flags, Target->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS));
    SetFlag(filter->Characteristics, Target->Characteristics & FILE_DEVICE_SECURE_OPEN);

    status = IoAttachDeviceToDeviceStackSafe(filter, Target, &ext->AttachedTo);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }

    ExAcquireFastMutex(&FsfGlobals->AttachLock);
    InsertTailList(&FsfGlobals->AttachedList, &ext->Link);
    FsfGlobals->AttachedCount++;
    ExReleaseFastMutex(&FsfGlobals->AttachLock);

    ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);
    return STATUS_SUCCESS;
}

static VOID
FsfDetachAndDelete(
    _In_ PFSF_DEVICE_EXTENSION Ext
    )
{
    IoDetachDevice(Ext->AttachedTo);
    IoDeleteDevice(Ext->Self);
}

NTSTATUS
FsfAttachToFileSystem(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    /* only disk, CD and network file systems */
    if (FsDevice->DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM &&
        FsDevice->DeviceType != FILE_DEVICE_CD_ROM_FILE_SYSTEM &&
        FsDevice->DeviceType != FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_SUCCESS;
    }
    return FsfAttachDevice(FsDevice, NULL, FALSE);
}

VOID
FsfDetachFromFileSystem(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    PLIST_ENTRY entry;
    PFSF_DEVICE_EXTENSION found = NULL;

    ExAcquireFastMutex(&FsfGlobals->AttachLock);
    for (entry = FsfGlobals->AttachedList.Flink; entry != &FsfGlobals->AttachedList; entry = entry->Flink) {
        PFSF_DEVICE_EXTENSION ext = CONTAINING_RECORD(entry, FSF_DEVICE_EXTENSION, Link);
        if (!ext->IsVolume && ext->AttachedTo == FsDevice) {
            RemoveEntryList(&ext->Link);
            FsfGlobals->AttachedCount--;
            found = ext;
            break;
        }
    }
    ExReleaseFastMutex(&FsfGlobals->AttachLock);

    if (found != NULL) {
        FsfDetachAndDelete(found);
    }
}

VOID
FsfDetachAll(VOID)
{
    LIST_ENTRY detached;
    PLIST_ENTRY entry;

    /* unlink under the mutex, detach/delete at PASSIVE_LEVEL outside it */
    InitializeListHead(&detached);

    ExAcquireFastMutex(&FsfGlobals->AttachLock);
    while (!IsListEmpty(&FsfGlobals->AttachedList)) {
        entry = RemoveHeadList(&FsfGlobals->AttachedList);
        InsertTailList(&detached, entry);
        FsfGlobals->AttachedCount--;
    }
    ExReleaseFastMutex(&FsfGlobals->AttachLock);

    while (!IsListEmpty(&detached)) {
        entry = RemoveHeadList(&detached);
        FsfDetachAndDelete(CONTAINING_RECORD(entry, FSF_DEVICE_EXTENSION, Link));
    }
}

VOID
FsfFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN        FsActive
    )
{
    PAGED_CODE();

    if (FsActive) {
        NTSTATUS status = FsfAttachToFileSystem(DeviceObject);
        if (!NT_SUCCESS(status)) {
            KdPrint(("fsmon: attach to FS %p failed 0x%08X\n", DeviceObject, status));
        }
    } else {
        FsfDetachFromFileSystem(DeviceObject);
    }
}

NTSTATUS
FsfPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    if (IS_FSF_CONTROL_DEVICE(DeviceObject)) {
        Irp->IoStatus.Status      = STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(((PFSF_DEVICE_EXTENSION)DeviceObject->DeviceExtension)->AttachedTo, Irp);
}

NTSTATUS
FsfCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFSF_DEVICE_EXTENSION ext;

    if (IS_FSF_CONTROL_DEVICE(DeviceObject)) {
        /* our own CDO: opened by the configuration tool */
        Irp->IoStatus.Status      = STATUS_SUCCESS;
        Irp->IoStatus.Information = FILE_OPENED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }

    ext = (PFSF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    if (ext->IsVolume) {
        InterlockedIncrement(&ext->Creates);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

static IO_COMPLETION_ROUTINE FsfMountCompletion;

static NTSTATUS
FsfMountCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS
FsfFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PFSF_DEVICE_EXTENSION ext;
    PDEVICE_OBJECT storage;
    KEVENT done;
    NTSTATUS status;

    if (IS_FSF_CONTROL_DEVICE(DeviceObject)) {
        return FsfPassThrough(DeviceObject, Irp);
    }

    ext = (PFSF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    if (stack->MinorFunction != IRP_MN_MOUNT_VOLUME) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->AttachedTo, Irp);
    }

    /* remember the real device before the FS replaces the VPB pointer */
    storage = stack->Parameters.MountVolume.Vpb->RealDevice;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FsfMountCompletion, &done, TRUE, TRUE, TRUE);

    status = IoCallDriver(ext->AttachedTo, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    }

    status = Irp->IoStatus.Status;
    if (NT_SUCCESS(status) && storage->Vpb != NULL && storage->Vpb->DeviceObject != NULL) {
        NTSTATUS attach = FsfAttachDevice(storage->Vpb->DeviceObject, storage, TRUE);
        if (!NT_SUCCESS(attach)) {
            KdPrint(("fsmon: volume attach failed 0x%08X\n", attach));
        }
    }

    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
