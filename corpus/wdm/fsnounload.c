/*
 * fsnounload: a legacy file system filter that attaches to each file system
 * as it registers and, once attached everywhere, cannot be detached safely:
 * it sets no unload routine, as such filters do. DriverEntry clears
 * DO_DEVICE_INITIALIZING on its control device after registering.
 *
 * Conforming: a legacy file system filter needs no unload routine, and
 * clearing a bit of the control device's flags initializes nothing the
 * notification routine reads.
 */
#include <ntifs.h>

static FAST_MUTEX g_FnLock;
static ULONG g_FnSeen;

typedef struct _FN_EXTENSION {
    PDEVICE_OBJECT Lower;
} FN_EXTENSION, *PFN_EXTENSION;

static PDEVICE_OBJECT g_FnControl;

DRIVER_FS_NOTIFICATION FnFsNotification;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH FnPass;

_Use_decl_annotations_
NTSTATUS FnPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (DeviceObject == g_FnControl) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(((PFN_EXTENSION)DeviceObject->DeviceExtension)->Lower, Irp);
}

static NTSTATUS FnAttach(PDEVICE_OBJECT FsControl)
{
    PDEVICE_OBJECT filter;
    PFN_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(g_FnControl->DriverObject, sizeof(FN_EXTENSION), NULL, FsControl->DeviceType,
                            0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PFN_EXTENSION)filter->DeviceExtension;
    status = IoAttachDeviceToDeviceStackSafe(filter, FsControl, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }
    SetFlag(filter->Flags, FlagOn(ext->Lower->Flags, DO_BUFFERED_IO | DO_DIRECT_IO));
    ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID FnFsNotification(PDEVICE_OBJECT DeviceObject, BOOLEAN FsActive)
{
    ExAcquireFastMutex(&g_FnLock);
    g_FnSeen++;
    ExReleaseFastMutex(&g_FnLock);
    if (g_FnControl->Flags & DO_DEVICE_INITIALIZING) {
        return;
    }
    if (FsActive) {
        (VOID)FnAttach(DeviceObject);
    }
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\FileSystem\\Filters\\FsNotify");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_FnControl);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FnPass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FnPass;

    ExInitializeFastMutex(&g_FnLock);
    status = IoRegisterFsRegistrationChange(DriverObject, FnFsNotification);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_FnControl);
        return status;
    }
    ClearFlag(g_FnControl->Flags, DO_DEVICE_INITIALIZING);
    return STATUS_SUCCESS;
}
