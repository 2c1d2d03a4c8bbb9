/*
 * linkclash.c - "ledpanel", a legacy driver that names its control device
 * after the panel. When the link's name is taken (STATUS_OBJECT_NAME_COLLISION,
 * an older instance still loaded) it says so in the log and fails; any other
 * failure is handled by the NT_SUCCESS test after. Equal to a failure
 * constant means the status failed: no path returns success from there (a
 * false WDM003 before).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LpUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LpCreateClose;

static PDEVICE_OBJECT LpDevice;
static UNICODE_STRING LpName = RTL_CONSTANT_STRING(L"\\Device\\LedPanel");
static UNICODE_STRING LpLink = RTL_CONSTANT_STRING(L"\\DosDevices\\LedPanel");

NTSTATUS LpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID LpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&LpLink);
    IoDeleteDevice(LpDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &LpName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &LpDevice);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateSymbolicLink(&LpLink, &LpName);
    if (status == STATUS_OBJECT_NAME_COLLISION) {
        DbgPrint("ledpanel: \\DosDevices\\LedPanel is taken by an older instance\n");
        IoDeleteDevice(LpDevice);
        return status;
    }
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(LpDevice);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LpCreateClose;
    DriverObject->DriverUnload = LpUnload;
    return STATUS_SUCCESS;
}
