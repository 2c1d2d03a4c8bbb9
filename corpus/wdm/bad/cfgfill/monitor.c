/*
 * monitor.c - a legacy driver with a control device that, when its
 * settings ask for it, registers a process notify routine. When the link
 * cannot be made, the failure path deletes the device but leaves the
 * routine registered.
 */

#include "settings.h"

#define MON_DEVICE L"\\Device\\CfgMon"
#define MON_LINK L"\\DosDevices\\CfgMon"

static PDEVICE_OBJECT g_Device;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MonUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH MonCreateClose;

static VOID
MonOnProcess(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo != NULL && g_Settings.Verbose) {
        DbgPrint("cfgmon: process %p created\n", ProcessId);
    }
}

NTSTATUS
MonCreateClose(
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

VOID
MonUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(MON_LINK);

    UNREFERENCED_PARAMETER(DriverObject);
    if (g_Settings.Monitor) {
        PsSetCreateProcessNotifyRoutineEx(MonOnProcess, TRUE);
    }
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(MON_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(MON_LINK);
    NTSTATUS status;

    status = MonLoadSettings(RegistryPath, &g_Settings);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (g_Settings.Monitor) {
        status = PsSetCreateProcessNotifyRoutineEx(MonOnProcess, FALSE);
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(g_Device);
            return status;
        }
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        return status; // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = MonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MonCreateClose;
    DriverObject->DriverUnload = MonUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
