/*
 * lonedev.c - legacy driver of the "gpioled" panel: one control device,
 * \\.\GpioLed, through which the service sets the front-panel LEDs. There
 * is nothing else: no callbacks, no PnP, no timers.
 *
 * BUG (DE013): when the symbolic link cannot be created, DriverEntry deletes
 * its only device and returns STATUS_SUCCESS "so that boot is not blocked":
 * the driver stays loaded with no device, no registration and no AddDevice,
 * nothing can ever call it, and the service sees a started driver it cannot
 * open. It must return the link's status.
 */

#include <ntddk.h>

#define GL_TAG 'deLG'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GlUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH GlCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH GlDeviceControl;

static PDEVICE_OBJECT GlDevice;
static UNICODE_STRING GlLink = RTL_CONSTANT_STRING(L"\\DosDevices\\GpioLed");

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, GlUnload)
#endif

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\GpioLed");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &GlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&GlLink, &name);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "gpioled: no link (0x%08X), running without the panel\n", status));
        IoDeleteDevice(GlDevice);
        GlDevice = NULL;
        return STATUS_SUCCESS;                          // expect: DE013
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = GlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = GlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GlDeviceControl;
    DriverObject->DriverUnload = GlUnload;
    GlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
GlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    IoDeleteSymbolicLink(&GlLink);
    IoDeleteDevice(GlDevice);
}

NTSTATUS
GlCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
GlDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}
