/*
 * main.c - guardian.sys: strips dangerous access rights from handles opened
 * to processes that guardctl.exe asked us to protect.
 */
#include "protect.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GuardUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH GuardCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH GuardDeviceControl;

static PDEVICE_OBJECT g_Device;
static PVOID g_ObHandle;
static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\Guardian");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\Guardian");

NTSTATUS GuardCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS GuardDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    GUARDIAN_PID_REQUEST *req = (GUARDIAN_PID_REQUEST *)Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_GUARDIAN_PROTECT:
        status = inLen < sizeof(*req) ? STATUS_BUFFER_TOO_SMALL : GuardTableAdd(req->ProcessId);
        break;
    case IOCTL_GUARDIAN_UNPROTECT:
        status = inLen < sizeof(*req) ? STATUS_BUFFER_TOO_SMALL : GuardTableRemove(req->ProcessId);
        break;
    case IOCTL_GUARDIAN_CLEAR:
        GuardTableClear();
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID GuardUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx(GuardProcessNotify, TRUE);
    GuardUnregisterCallbacks(g_ObHandle);
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    GLOG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    GUARD_POLICY policy;

    UNREFERENCED_PARAMETER(RegistryPath);

    GuardTableInit();

    policy.StripMask = GUARD_DENY_PROCESS;
    policy.LogHits = TRUE;
    policy.AllowSelf = TRUE;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, GUARDIAN_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        GLOG("IoCreateDevice: 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        GLOG("IoCreateSymbolicLink: 0x%08X", status);
        goto fail_device;
    }

    status = GuardRegisterCallbacks(&policy, &g_ObHandle);
    if (!NT_SUCCESS(status)) {
        /* STATUS_ACCESS_DENIED here means the image lacks /INTEGRITYCHECK */
        GLOG("ObRegisterCallbacks: 0x%08X", status);
        goto fail_device;
    }

    status = PsSetCreateProcessNotifyRoutineEx(GuardProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        GLOG("PsSetCreateProcessNotifyRoutineEx: 0x%08X", status);
        goto fail_callbacks;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = GuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GuardDeviceControl;
    DriverObject->DriverUnload = GuardUnload;

    GLOG("loaded");
    return STATUS_SUCCESS;

fail_callbacks:
    GuardUnregisterCallbacks(g_ObHandle);
    g_ObHandle = NULL;
    IoDeleteSymbolicLink(&g_LinkName);
fail_device:
    IoDeleteDevice(g_Device);
    g_Device = NULL;
    return status;
}
