/*
 * main.c - VolWatch driver entry, dispatch and unload
 */
#include "volwatch.h"

VW_GLOBALS g_Vw;
static FAST_IO_DISPATCH g_VwFastIo;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     VwUnload;

_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL)
DRIVER_DISPATCH   VwFsControl;
DRIVER_DISPATCH   VwPassThrough;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VwUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING cdoName = RTL_CONSTANT_STRING(VW_CDO_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(VW_DOS_NAME);
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Vw, sizeof(g_Vw));
    g_Vw.DriverObject = DriverObject;

    status = IoCreateDevice(DriverObject,
                            0,
                            &cdoName,
                            FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Vw.ControlDevice);
    if (!NT_SUCCESS(status)) {
        VW_PRINT(("VolWatch: IoCreateDevice(CDO) failed 0x%08X\n", status));
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VwPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = VwFsControl;

    RtlZeroMemory(&g_VwFastIo, sizeof(g_VwFastIo));
    g_VwFastIo.SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    g_VwFastIo.FastIoDetachDevice = VwFastIoDetachDevice;
    DriverObject->FastIoDispatch = &g_VwFastIo;

    /*
     * Ask to be told about file systems coming and going.  File systems
     * that are already registered show up the next time they re-register,
     * which for the boot volume never matters to us anyway.
     */
    status = IoRegisterFsRegistrationChange(DriverObject, VwFsNotification);
    if (!NT_SUCCESS(status)) {
        VW_PRINT(("VolWatch: IoRegisterFsRegistrationChange failed 0x%08X\n", status));
        DriverObject->FastIoDispatch = NULL;
        IoDeleteDevice(g_Vw.ControlDevice);
        g_Vw.ControlDevice = NULL;
        return status;
    }

    ExInitializeFastMutex(&g_Vw.AttachLock);
    InitializeListHead(&g_Vw.AttachedList);

    status = IoCreateSymbolicLink(&dosName, &cdoName);
    if (!NT_SUCCESS(status)) {
        VW_PRINT(("VolWatch: IoCreateSymbolicLink failed 0x%08X\n", status));
        DriverObject->FastIoDispatch = NULL;
        IoDeleteDevice(g_Vw.ControlDevice);
        g_Vw.ControlDevice = NULL;
        return status;
    }
    g_Vw.SymlinkCreated = TRUE;

    DriverObject->DriverUnload = VwUnload;

    VW_PRINT(("VolWatch: loaded, watching %lu file systems\n", g_Vw.AttachedCount));
    return STATUS_SUCCESS;
}

VOID
VwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(VW_DOS_NAME);

    PAGED_CODE();

    IoUnregisterFsRegistrationChange(DriverObject, VwFsNotification);

    VwDetachAll();

    if (g_Vw.SymlinkCreated) {
        IoDeleteSymbolicLink(&dosName);
        g_Vw.SymlinkCreated = FALSE;
    }

    IoDeleteDevice(g_Vw.ControlDevice);
    g_Vw.ControlDevice = NULL;
    DriverObject->FastIoDispatch = NULL;

    VW_PRINT(("VolWatch: unloaded\n"));
}

NTSTATUS
VwPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    if (DeviceObject == g_Vw.ControlDevice) {
        /* our own CDO: only open/close, nothing else is supported */
        switch (irpSp->MajorFunction) {
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

    NT_ASSERT(IS_VW_FILTER_DEVICE(DeviceObject));

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(((PVW_DEVICE_EXTENSION)DeviceObject->DeviceExtension)->AttachedTo, Irp);
}

NTSTATUS
VwFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVW_DEVICE_EXTENSION ext;

    if (DeviceObject == g_Vw.ControlDevice) {
        return VwPassThrough(DeviceObject, Irp);
    }

    ext = DeviceObject->DeviceExtension;

    if (irpSp->MinorFunction == IRP_MN_MOUNT_VOLUME) {
        ext->MountsSeen++;
        VW_PRINT(("VolWatch: mount request for %p via %wZ (count %lu)\n",
                  irpSp->Parameters.MountVolume.DeviceObject,
                  &ext->FsControlDevice->DriverObject->DriverName,
                  ext->MountsSeen));
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}
