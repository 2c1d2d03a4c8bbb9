/*
 * linkclash.c (bad) - "ledpanel" as linkclash.c, but when the link's name is
 * taken it logs and returns without deleting the device: equal to a failure
 * constant, the status failed, so the device is left (DE006).
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
        return status;                                  // expect: DE006
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
