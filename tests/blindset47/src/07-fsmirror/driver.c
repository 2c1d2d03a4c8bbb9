#include "fsmirror.h"

FM_GLOBALS g_fm;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD FmUnload;
static DRIVER_DISPATCH FmPassThrough;
static FAST_IO_DETACH_DEVICE FmFastIoDetachDevice;

static NTSTATUS FmPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PFM_EXT ext;
    NTSTATUS status;

    if (DeviceObject == g_fm.Cdo) {
        /* fsmirrord opens the CDO only to prove we are loaded */
        status = (sp->MajorFunction == IRP_MJ_CREATE || sp->MajorFunction == IRP_MJ_CLEANUP ||
                  sp->MajorFunction == IRP_MJ_CLOSE) ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    ext = (PFM_EXT)DeviceObject->DeviceExtension;

    if (sp->MajorFunction == IRP_MJ_FILE_SYSTEM_CONTROL &&
        sp->MinorFunction == IRP_MN_MOUNT_VOLUME)
        FM_LOG("mount on fs %p, real device %p", ext->FsCdo,
               sp->Parameters.MountVolume.Vpb->RealDevice);

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

/* the lower device is going away underneath us */
static VOID FmFastIoDetachDevice(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice)
{
    PFM_EXT ext = (PFM_EXT)SourceDevice->DeviceExtension;

    os_mutex_lock(&g_fm.AttachLock);
    if (!IsListEmpty(&ext->Link)) {
        RemoveEntryList(&ext->Link);
        InitializeListHead(&ext->Link);
        g_fm.Attached--;
    }
    os_mutex_unlock(&g_fm.AttachLock);

    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

static VOID FmUnload(PDRIVER_OBJECT DriverObject)
{
    LIST_ENTRY detached;
    LARGE_INTEGER delay;
    PFM_EXT ext;

    FM_LOG("unload, %lu attachments", g_fm.Attached);

    IoUnregisterFsRegistrationChange(DriverObject, FmFsNotification);

    InitializeListHead(&detached);
    fm_detach_all(&detached);

    /* give IRPs that are still inside FmPassThrough time to leave */
    delay.QuadPart = -5LL * 1000 * 1000 * 10;
    KeDelayExecutionThread(KernelMode, FALSE, &delay);

    while (!IsListEmpty(&detached)) {
        ext = CONTAINING_RECORD(RemoveHeadList(&detached), FM_EXT, Link);
        IoDeleteDevice(ext->Self);
    }

    DriverObject->FastIoDispatch = NULL;
    os_free(g_fm.FastIo);
    g_fm.FastIo = NULL;

    IoDeleteDevice(g_fm.Cdo);
    g_fm.Cdo = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(FM_CDO_NAME);
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_fm, sizeof(g_fm));
    g_fm.Driver = DriverObject;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_fm.Cdo);
    if (!NT_SUCCESS(status)) {
        FM_ERR("IoCreateDevice(cdo) 0x%08X", status);
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = FmPassThrough;

    g_fm.FastIo = (PFAST_IO_DISPATCH)os_alloc(sizeof(FAST_IO_DISPATCH));
    if (g_fm.FastIo == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_cdo;
    }
    RtlZeroMemory(g_fm.FastIo, sizeof(FAST_IO_DISPATCH));
    g_fm.FastIo->SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    g_fm.FastIo->FastIoDetachDevice   = FmFastIoDetachDevice;
    DriverObject->FastIoDispatch = g_fm.FastIo;

    status = IoRegisterFsRegistrationChange(DriverObject, FmFsNotification);
    if (!NT_SUCCESS(status)) {
        FM_ERR("IoRegisterFsRegistrationChange 0x%08X", status);
        goto fail_fastio;
    }

    ExInitializeFastMutex(&g_fm.AttachLock);
    InitializeListHead(&g_fm.AttachList);

    DriverObject->DriverUnload = FmUnload;
    g_fm.Cdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_fastio:
    DriverObject->FastIoDispatch = NULL;
    os_free(g_fm.FastIo);
    g_fm.FastIo = NULL;
fail_cdo:
    IoDeleteDevice(g_fm.Cdo);
    g_fm.Cdo = NULL;
    return status;
}
