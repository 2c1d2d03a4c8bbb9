/*
 * mountattach.c - "volseal": a legacy file system filter that attaches a
 * device of its own above each volume as it is mounted. Its
 * IRP_MJ_FILE_SYSTEM_CONTROL dispatch routine passes the mount request down
 * and, once it succeeds, creates a filter device for the new volume and
 * attaches it; the device is created after DriverEntry returned, so the
 * routine clears DO_DEVICE_INITIALIZING itself.
 *
 * BUG (WDM014): this one never clears it: nothing above the volume's filter
 * device attaches, and requests to the volume fail.
 */

#include <ntifs.h>

typedef struct _VS_EXT {
    PDEVICE_OBJECT Lower;
} VS_EXT, *PVS_EXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VsUnload;
DRIVER_DISPATCH VsPass;
_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL) DRIVER_DISPATCH VsFsControl;

static PDRIVER_OBJECT g_VsDriver;
static PDEVICE_OBJECT g_VsControl;

NTSTATUS
VsPass(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PVS_EXT ext = (PVS_EXT)DeviceObject->DeviceExtension;

    if (DeviceObject == g_VsControl) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static VOID
VsAttachVolume(_In_ PDEVICE_OBJECT Volume)
{
    PDEVICE_OBJECT filter;
    PVS_EXT ext;

    if (!NT_SUCCESS(IoCreateDevice(g_VsDriver, sizeof(VS_EXT), NULL, Volume->DeviceType, 0, FALSE, &filter))) { // expect: WDM014
        return;
    }
    ext = (PVS_EXT)filter->DeviceExtension;
    ext->Lower = IoAttachDeviceToDeviceStack(filter, Volume);
    if (ext->Lower == NULL) {
        IoDeleteDevice(filter);
        return;
    }
    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
}

NTSTATUS
VsFsControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVS_EXT ext = (PVS_EXT)DeviceObject->DeviceExtension;
    PVPB vpb;
    NTSTATUS status;

    if (DeviceObject == g_VsControl || sp->MinorFunction != IRP_MN_MOUNT_VOLUME) {
        return VsPass(DeviceObject, Irp);
    }
    vpb = sp->Parameters.MountVolume.Vpb;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    if (NT_SUCCESS(status) && vpb->DeviceObject != NULL) {
        VsAttachVolume(vpb->DeviceObject);
    }
    return status;
}

VOID
VsUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_VsControl);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\FileSystem\\Filters\\VolSeal");
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_VsDriver = DriverObject;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VsPass;
    }
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = VsFsControl;
    DriverObject->DriverUnload = VsUnload;
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &g_VsControl);
}
