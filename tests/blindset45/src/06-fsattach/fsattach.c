/*
 * fsattach.c - DriverEntry, unload and IRP dispatch.
 */
#include "fsattach.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     FaUnload;
DRIVER_DISPATCH   FaPassThrough;
DRIVER_DISPATCH   FaFsControl;

FA_GLOBALS Globals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FaUnload)
#endif

NTSTATUS
FaPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFA_DEVICE_EXTENSION ext;

    if (IS_FA_CDO(DeviceObject)) {
        UCHAR mj = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
        NTSTATUS st = (mj == IRP_MJ_CREATE || mj == IRP_MJ_CLOSE || mj == IRP_MJ_CLEANUP)
                          ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Status = st;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return st;
    }

    ext = (PFA_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

NTSTATUS
FaFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (!IS_FA_CDO(DeviceObject) && sp->MinorFunction == IRP_MN_MOUNT_VOLUME) {
        FA_PRINT("mount request on %p (vpb %p, real dev %p)",
                 DeviceObject,
                 sp->Parameters.MountVolume.Vpb,
                 sp->Parameters.MountVolume.DeviceObject);
    }
    return FaPassThrough(DeviceObject, Irp);
}

VOID
FaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    LARGE_INTEGER   delay;
    LIST_ENTRY      detached;

    PAGED_CODE();

    IoUnregisterFsRegistrationChange(DriverObject, FaFsNotification);

    FaDetachAll(&detached);

    /* let IRPs that were already in flight through our devices drain */
    delay.QuadPart = -10LL * 1000 * FA_UNLOAD_DELAY_MS;
    KeDelayExecutionThread(KernelMode, FALSE, &delay);

    FaDeleteDetached(&detached);
    FaFastIoUninit(DriverObject);

    IoDeleteDevice(Globals.ControlDevice);
    Globals.ControlDevice = NULL;

    FA_PRINT("unloaded");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS        status;
    UNICODE_STRING  name;
    ULONG           i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    ExInitializeFastMutex(&Globals.AttachLock);
    InitializeListHead(&Globals.AttachedList);

    RtlInitUnicodeString(&name, FA_CDO_NAME);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Globals.ControlDevice);
    if (status == STATUS_OBJECT_PATH_NOT_FOUND) {
        /* pre-XP layout has no \FileSystem\Filters directory */
        RtlInitUnicodeString(&name, FA_CDO_NAME_OLD);
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &Globals.ControlDevice);
    }
    if (!NT_SUCCESS(status)) {
        FA_ERR("cannot create CDO %wZ: 0x%08x", &name, status);
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FaPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FaFsControl;

    status = FaFastIoInit(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto err_cdo;
    }

    status = IoRegisterFsRegistrationChange(DriverObject, FaFsNotification);
    if (!NT_SUCCESS(status)) {
        FA_ERR("IoRegisterFsRegistrationChange 0x%08x", status);
        DriverObject->FastIoDispatch = NULL;
        goto err_cdo;
    }

    DriverObject->DriverUnload = FaUnload;
    FA_PRINT("loaded, %lu file system(s) attached", Globals.AttachedCount);
    return STATUS_SUCCESS;

err_cdo:
    IoDeleteDevice(Globals.ControlDevice);
    Globals.ControlDevice = NULL;
    return status;
}
