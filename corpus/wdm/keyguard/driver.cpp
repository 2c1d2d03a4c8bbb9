/*
 * driver.cpp - "keyguard"'s DriverEntry: it reads the policy, then creates
 * its control device and the link user mode opens it by.
 *
 * Conforming: the key the policy reader opens is closed by its wrapper's
 * destructor, a class DriverEntry's file cannot name (no DE006 for
 * ZwOpenKey when a later step fails).
 */

#include "keyguard.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH KgCreateClose;

PDEVICE_OBJECT g_KgDevice;

static UNICODE_STRING KgLink = RTL_CONSTANT_STRING(L"\\??\\KeyGuard");

NTSTATUS
KgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
KgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&KgLink);
    IoDeleteDevice(g_KgDevice);
}

extern "C" NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KeyGuard");
    NTSTATUS status;

    g_KgPolicy.Load(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_KgDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&KgLink, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_KgDevice);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = KgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KgCreateClose;
    DriverObject->DriverUnload = KgUnload;
    return STATUS_SUCCESS;
}
