/*
 * kindswitch.c - "dualfs", the control side of a small file system with two
 * control devices, a disk one and a network one. A shared helper deletes a
 * device by its kind; its switch ends in `default: ASSERT(FALSE); return;`,
 * the author's statement that no other kind exists. The path through that
 * default cannot run, so the devices are deleted on every failure and at
 * unload (no DE006, no DE011).
 */

#include <ntddk.h>

#define DF_KIND_DISK 1
#define DF_KIND_NET  2

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DfUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH DfCreateClose;

static PDEVICE_OBJECT DfDiskDevice, DfNetDevice;
static ULONG DfDiskKind = DF_KIND_DISK, DfNetKind = DF_KIND_NET;
static UNICODE_STRING DfDiskName = RTL_CONSTANT_STRING(L"\\Device\\DualFsDisk");
static UNICODE_STRING DfNetName = RTL_CONSTANT_STRING(L"\\Device\\DualFsNet");

static VOID DfDeleteDevice(PDEVICE_OBJECT Device, ULONG Kind)
{
    switch (Kind) {
    case DF_KIND_DISK:
        IoUnregisterFileSystem(Device);
        break;
    case DF_KIND_NET:
        break;
    default:
        ASSERT(FALSE);
        return;
    }
    IoDeleteDevice(Device);
}

NTSTATUS DfCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID DfUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DfDeleteDevice(DfNetDevice, DfNetKind);
    DfDeleteDevice(DfDiskDevice, DfDiskKind);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &DfDiskName, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &DfDiskDevice);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateDevice(DriverObject, 0, &DfNetName, FILE_DEVICE_NETWORK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &DfNetDevice);
    if (!NT_SUCCESS(status)) {
        DfDeleteDevice(DfDiskDevice, DfDiskKind);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DfCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DfCreateClose;
    DriverObject->DriverUnload = DfUnload;
    IoRegisterFileSystem(DfDiskDevice);
    return STATUS_SUCCESS;
}
