/*
 * fsmon.c - DriverEntry, unload and IRP dispatch
 */
#include "fsmon.h"

FSMON_GLOBALS g_FsMon;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FsMonUnload;
DRIVER_DISPATCH FsMonPassThrough;
DRIVER_DISPATCH FsMonCreate;
DRIVER_DISPATCH FsMonFsControl;
static IO_COMPLETION_ROUTINE FsMonMountCompletion;

NTSTATUS
FsMonPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFSMON_DEVICE_EXTENSION ext;

    if (IS_FSMON_CDO(DeviceObject)) {
        Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }

    ext = (PFSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

NTSTATUS
FsMonCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFSMON_DEVICE_EXTENSION ext;

    if (IS_FSMON_CDO(DeviceObject)) {
        return FsMonPassThrough(DeviceObject, Irp);     /* nobody talks to the CDO */
    }

    ext = (PFSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    if (ext->IsVolume) {
        InterlockedIncrement(&ext->Creates);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

static NTSTATUS
FsMonMountCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS
FsMonFsControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PFSMON_DEVICE_EXTENSION ext;
    PDEVICE_OBJECT storageDevice;
    KEVENT event;
    NTSTATUS status;

    if (IS_FSMON_CDO(DeviceObject)) {
        return FsMonPassThrough(DeviceObject, Irp);
    }

    ext = (PFSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    if (irpSp->MinorFunction != IRP_MN_MOUNT_VOLUME) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->AttachedTo, Irp);
    }

    /* mount: let the FS do its work, then attach to the new volume */
    storageDevice = irpSp->Parameters.MountVolume.Vpb->RealDevice;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FsMonMountCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(ext->AttachedTo, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    }

    if (NT_SUCCESS(Irp->IoStatus.Status) &&
        storageDevice->Vpb != NULL &&
        storageDevice->Vpb->DeviceObject != NULL) {
        (VOID)FsMonAttachToVolume(storageDevice->Vpb->DeviceObject, storageDevice);
    }

    status = Irp->IoStatus.Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
FsMonUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER interval;

    IoUnregisterFsRegistrationChange(DriverObject, FsMonFsNotification);

    FsMonDetachAll();

    /* let IRPs that are still inside our dispatch routines drain */
    interval.QuadPart = -5LL * 1000 * 1000 * 10;
    KeDelayExecutionThread(KernelMode, FALSE, &interval);

    FsMonFreeFastIo(DriverObject);

    IoDeleteDevice(g_FsMon.ControlDevice);
    g_FsMon.ControlDevice = NULL;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_FsMon, sizeof(g_FsMon));
    g_FsMon.DriverObject = DriverObject;
    InitializeListHead(&g_FsMon.AttachedList);
    ExInitializeFastMutex(&g_FsMon.AttachLock);

    RtlInitUnicodeString(&name, FSMON_CDO_NAME);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_FsMon.ControlDevice);
    if (!NT_SUCCESS(status)) {
        FSMON_PRINT("IoCreateDevice(%wZ) failed 0x%08X", &name, status);
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FsMonPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FsMonCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE_NAMED_PIPE] = FsMonCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE_MAILSLOT] = FsMonCreate;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsMonFsControl;

    status = FsMonSetupFastIo(DriverObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_FsMon.ControlDevice);
        return status;
    }

    /* also calls FsMonFsNotification for every file system already loaded */
    status = IoRegisterFsRegistrationChange(DriverObject, FsMonFsNotification);
    if (!NT_SUCCESS(status)) {
        FSMON_PRINT("IoRegisterFsRegistrationChange failed 0x%08X", status);
        FsMonFreeFastIo(DriverObject);
        IoDeleteDevice(g_FsMon.ControlDevice);
        return status;
    }

    DriverObject->DriverUnload = FsMonUnload;
    return STATUS_SUCCESS;
}
