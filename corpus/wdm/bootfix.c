/*
 * bootfix.c - chipset fix-up driver (boot start, legacy, no PnP). Its job is
 * done once, by a boot-driver reinitialization routine that runs after the
 * other boot drivers: it rewrites one register of the bridge. The control
 * device, \\.\BootFix, through which a tool asks whether the fix was
 * applied, is optional: DriverEntry makes it, and only once it and its link
 * exist fills the dispatch table and sets DriverUnload (the unload removes
 * them). When the device cannot be made, or its link cannot (the device is
 * deleted again), the driver stays for its reinitialization routine and
 * returns STATUS_SUCCESS: it created nothing that an unload would have to
 * undo there (no WDM003; a false WDM003 before), and the routine is left to
 * run (no DE013).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BfUnload;
DRIVER_REINITIALIZE BfReinitialize;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH BfOpenClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH BfControl;

#define IOCTL_BOOTFIX_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

static PDEVICE_OBJECT g_BfDevice;
static volatile LONG g_BfApplied;

VOID
BfReinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Count);
    /* The bridge is reachable once the bus drivers have started. */
    InterlockedExchange(&g_BfApplied, 1);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING devName, linkName;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    IoRegisterBootDriverReinitialization(DriverObject, BfReinitialize, NULL);

    RtlInitUnicodeString(&devName, L"\\Device\\BootFix");
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_BfDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("bootfix: no control device (%08x)\n", status);
        g_BfDevice = NULL;
        return STATUS_SUCCESS;
    }

    RtlInitUnicodeString(&linkName, L"\\DosDevices\\BootFix");
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("bootfix: no link (%08x)\n", status);
        IoDeleteDevice(g_BfDevice);
        g_BfDevice = NULL;
        return STATUS_SUCCESS;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = BfOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = BfOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BfControl;
    DriverObject->DriverUnload = BfUnload;

    g_BfDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
BfUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(DriverObject);
    RtlInitUnicodeString(&linkName, L"\\DosDevices\\BootFix");
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_BfDevice);
}

NTSTATUS
BfOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
BfControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_BOOTFIX_QUERY &&
        sp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(LONG)) {
        *(PLONG)Irp->AssociatedIrp.SystemBuffer = g_BfApplied;
        info = sizeof(LONG);
        status = STATUS_SUCCESS;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
