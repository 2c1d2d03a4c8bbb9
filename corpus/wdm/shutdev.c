/*
 * shutdev: a driver whose named device object exists only to receive the
 * shutdown notification it registers for; nothing opens it.
 *
 * Conforming: the only dispatch routine set is IRP_MJ_SHUTDOWN, a request
 * the I/O manager sends without a handle, and no symbolic link names the
 * device: no IRP_MJ_CREATE routine is needed.
 */
#include <ntddk.h>

static PDEVICE_OBJECT g_SdDevice;
static volatile LONG g_SdShutdowns;

DRIVER_UNLOAD SdUnload;
_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH SdShutdown;

_Use_decl_annotations_
NTSTATUS SdShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    InterlockedIncrement(&g_SdShutdowns);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID SdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoUnregisterShutdownNotification(g_SdDevice);
    IoDeleteDevice(g_SdDevice);
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ShutDev");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_SdDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = SdShutdown;
    DriverObject->DriverUnload = SdUnload;

    status = IoRegisterShutdownNotification(g_SdDevice);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_SdDevice);
        return status;
    }
    return STATUS_SUCCESS;
}
