/*
 * hookmon.c - a hobbyist's process monitor, in a project made from Visual
 * Studio's "Kernel Mode Driver (KMDF)" template (kmdftmpl.vcxproj says
 * <DriverType>KMDF</DriverType>), whose code is plain WDM: it creates a
 * control device, fills its dispatch routines and DriverUnload, and never
 * calls the framework. It is checked as the WDM driver it is. Conforming.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HookMonUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH HookMonCreateClose;

static PDEVICE_OBJECT HookMonDevice;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\HookMon");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &HookMonDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HookMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HookMonCreateClose;
    DriverObject->DriverUnload = HookMonUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
HookMonCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
HookMonUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(HookMonDevice);
}
