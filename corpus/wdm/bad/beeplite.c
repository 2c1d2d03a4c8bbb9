/*
 * beeplite.c - legacy driver for the PC speaker of the TC-4 thin client,
 * used by the kiosk shell for key clicks. The driver predates role types;
 * they were added in a hurry to quiet a Code Analysis run and only half
 * way.
 *
 * NOTES (harmless at run time, but Code Analysis and Static Driver
 * Verifier cannot check these routines for their roles):
 *   WDM007: BeepCreateClose is declared DRIVER_DISPATCH without any
 *           _Dispatch_type_ annotation (C28169);
 *   WDM007: BeepIoctl names its role only with _Function_class_;
 *   WDM008: BeepUnload and BeepStartIo have plain prototypes instead of
 *           DRIVER_UNLOAD and DRIVER_STARTIO.
 */

#include <ntddk.h>

#define IOCTL_BEEP_CLICK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

static PDEVICE_OBJECT gBeepDevice;
static UNICODE_STRING gBeepName = RTL_CONSTANT_STRING(L"\\Device\\BeepLite");

DRIVER_INITIALIZE DriverEntry;

DRIVER_DISPATCH BeepCreateClose;

_Function_class_(DRIVER_DISPATCH)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
NTSTATUS BeepIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp);

VOID BeepUnload(PDRIVER_OBJECT DriverObject);
VOID BeepStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp);

NTSTATUS
BeepCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
BeepIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_BEEP_CLICK) {
        Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    IoMarkIrpPending(Irp);
    IoStartPacket(DeviceObject, Irp, NULL, NULL);
    return STATUS_PENDING;
}

VOID
BeepStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)0x61, READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)0x61) | 3);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoStartNextPacket(DeviceObject, FALSE);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
BeepUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(gBeepDevice);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &gBeepName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &gBeepDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = BeepUnload; // expect: WDM008
    DriverObject->DriverStartIo = BeepStartIo; // expect: WDM008
    DriverObject->MajorFunction[IRP_MJ_CREATE] = BeepCreateClose; // expect: WDM007
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BeepCreateClose; // expect: WDM007
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BeepIoctl; // expect: WDM007

    return STATUS_SUCCESS;
}
