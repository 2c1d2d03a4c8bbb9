/*
 * hookmon.c (violating) - the process monitor of ../../kmdftmpl/hookmon.c in
 * its first version: the same KMDF-template project, the same plain WDM
 * code, but no DriverUnload. It is judged as the WDM driver it is: the
 * missing unload routine is reported, and no framework rule applies to code
 * that never calls the framework.
 *
 * BUG (WDM003): DriverUnload is not set, so the driver can never be
 * unloaded.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
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
    return STATUS_SUCCESS;                              // expect: WDM003
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
