// ifstatus.cpp - a driver written in the style that tests a status for
// being nonzero: `if (auto err = Step()) return err;` (a C++17 condition
// variable, with an else that records the step) and `if (status)`. A
// nonzero NTSTATUS is a status other than STATUS_SUCCESS: those branches
// are the failures. The link's failure returns without deleting the
// device.
#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD IsUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH IsCreateClose;

static PDEVICE_OBJECT g_Device;
static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\IfStatus");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\IfStatus");
static ULONG g_Steps;

static NTSTATUS IsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID IsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
}

static NTSTATUS IsCreateDevice(PDRIVER_OBJECT DriverObject)
{
    if (auto err = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                  FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device)) {
        return err;
    } else {
        g_Steps |= 1;
    }
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    if (auto err = IsCreateDevice(DriverObject)) {
        return err;
    }
    NTSTATUS status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (status) {
        return status;                                  // expect: DE006
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = IsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IsCreateClose;
    DriverObject->DriverUnload = IsUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
