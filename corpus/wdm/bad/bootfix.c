/*
 * bootfix.c (bad) - the same chipset fix-up driver, but when the link cannot
 * be made it keeps the control device (a tool can still open it by its
 * \\Device name) and returns STATUS_SUCCESS before DriverUnload is set:
 * a device object exists that nothing can ever delete, and the driver can
 * never be unloaded (WDM003). The dispatch table is filled as soon as the
 * device exists, so the kept device has its routines (no WDM001).
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

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = BfOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = BfOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BfControl;
    g_BfDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    RtlInitUnicodeString(&linkName, L"\\DosDevices\\BootFix");
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("bootfix: no link (%08x), device kept\n", status);
        return STATUS_SUCCESS;                                  // expect: WDM003
    }

    DriverObject->DriverUnload = BfUnload;
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
