/*
 * kbdpnp.c - a legacy keyboard filter that names each request it takes
 * instead of filling the table in a loop: opens, reads and I/O controls,
 * and the Plug and Play and power requests, which it passes down as they
 * come. It attaches to the first keyboard class device in DriverEntry. The
 * Plug and Play slot is left out: removal of the keyboard fails at the
 * filter.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KpUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) _Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) _Dispatch_type_(IRP_MJ_INTERNAL_DEVICE_CONTROL)
DRIVER_DISPATCH KpPass;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH KpPower;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH KpRead;

static PDEVICE_OBJECT KpFilter;
static PDEVICE_OBJECT KpLower;
static volatile LONG KpReads;

NTSTATUS KpPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(KpLower, Irp);
}

NTSTATUS KpPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(KpLower, Irp);
}

NTSTATUS KpRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    InterlockedIncrement(&KpReads);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(KpLower, Irp);
}

VOID KpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(KpLower);
    IoDeleteDevice(KpFilter);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)     // expect-entry: wdm
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KpPass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KpPass;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = KpPass;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KpPass;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = KpPass;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KpPower;
    DriverObject->MajorFunction[IRP_MJ_READ] = KpRead;                   // expect: WDM012
    DriverObject->DriverUnload = KpUnload;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &KpFilter);
    if (!NT_SUCCESS(status))
        return status;

    status = IoAttachDevice(KpFilter, &target, &KpLower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(KpFilter);
        return status;
    }
    KpFilter->Flags |= DO_BUFFERED_IO;
    KpFilter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
