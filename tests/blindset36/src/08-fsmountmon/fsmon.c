/*
 * fsmon.c - DriverEntry, unload and IRP dispatch
 */
#include "fsmon.h"

FSM_GLOBALS gFsm;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsmUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&gFsm, sizeof(gFsm));
    gFsm.DriverObject = DriverObject;

    RtlInitUnicodeString(&name, FSM_CDO_NAME);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &gFsm.ControlDevice);
    if (status == STATUS_OBJECT_PATH_NOT_FOUND) {
        /* \FileSystem\Filters does not exist before XP */
        RtlInitUnicodeString(&name, FSM_CDO_NAME_OLD);
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &gFsm.ControlDevice);
    }
    if (!NT_SUCCESS(status)) {
        FSM_KDPRINT(("FsMountMon: CDO create failed %08x\n", status));
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FsmPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsmFsControl;

    status = FsmInitFastIo(DriverObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(gFsm.ControlDevice);
        return status;
    }

    /*
     * Ask to be told about file systems coming and going. We get called
     * back for the ones already registered as well.
     */
    status = IoRegisterFsRegistrationChange(DriverObject, FsmFsNotification);
    if (!NT_SUCCESS(status)) {
        FSM_KDPRINT(("FsMountMon: IoRegisterFsRegistrationChange failed %08x\n", status));
        FsmFreeFastIo(DriverObject);
        IoDeleteDevice(gFsm.ControlDevice);
        return status;
    }

    /* bookkeeping for the filter devices we attach */
    ExInitializeFastMutex(&gFsm.AttachLock);
    InitializeListHead(&gFsm.AttachedList);

    DriverObject->DriverUnload = FsmUnload;

    ClearFlag(gFsm.ControlDevice->Flags, DO_DEVICE_INITIALIZING);
    FSM_KDPRINT(("FsMountMon: loaded\n"));
    return STATUS_SUCCESS;
}

VOID
FsmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    LARGE_INTEGER interval;

    PAGED_CODE();

    FsmDetachAll();

    /*
     * IRPs that were already dispatched to us may still be on their way
     * back up; give them a moment before the code goes away.
     */
    interval.QuadPart = -10LL * 1000 * FSM_UNLOAD_DRAIN_MS;
    KeDelayExecutionThread(KernelMode, FALSE, &interval);

    FsmFreeFastIo(DriverObject);
    IoDeleteDevice(gFsm.ControlDevice);
    gFsm.ControlDevice = NULL;

    FSM_KDPRINT(("FsMountMon: unloaded, %ld mounts seen\n", gFsm.MountsSeen));
}

static NTSTATUS
FsmCompleteCdoIrp(
    _In_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLEANUP:
    case IRP_MJ_CLOSE:
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
FsmPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFSM_DEVEXT ext;

    if (IS_FSM_CDO(DeviceObject)) {
        return FsmCompleteCdoIrp(Irp);
    }

    ext = (PFSM_DEVEXT)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

NTSTATUS
FsmFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PFSM_DEVEXT ext;

    if (IS_FSM_CDO(DeviceObject)) {
        return FsmCompleteCdoIrp(Irp);
    }

    ext = (PFSM_DEVEXT)DeviceObject->DeviceExtension;

    if (sp->MinorFunction == IRP_MN_MOUNT_VOLUME) {
        InterlockedIncrement(&gFsm.MountsSeen);
        FSM_KDPRINT(("FsMountMon: mount on %p (fs %p) vpb %p\n",
                     sp->Parameters.MountVolume.DeviceObject,
                     ext->FsCdo,
                     sp->Parameters.MountVolume.Vpb));
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}
