#include "Protector.h"
#include "ProcGuardCommon.h"

// ProcGuard - keeps selected processes from being terminated from user mode.
// link with /integritycheck or ObRegisterCallbacks returns ACCESS_DENIED

DRIVER_UNLOAD ProcGuardUnload;
DRIVER_DISPATCH ProcGuardCreateClose;
DRIVER_DISPATCH ProcGuardDeviceControl;

#define PG_DEVICE_NAME  L"\\Device\\ProcGuard"
#define PG_SYMLINK_NAME L"\\??\\ProcGuard"

#if 0
// first version, before moving to the Ex notification (no PEPROCESS there)
void OnProcessNotifyOld(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    if (!Create)
        UnprotectPid(HandleToULong(ProcessId));
}
#endif

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint((DRIVER_PREFIX "DriverEntry\n"));

    g_Globals.Init();

    OB_OPERATION_REGISTRATION operations[] = {
        {
            PsProcessType,
            OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE,
            OnPreOpenProcess, nullptr
        }
    };
    OB_CALLBACK_REGISTRATION reg = {
        OB_FLT_REGISTRATION_VERSION,
        1,                                      // operation count
        RTL_CONSTANT_STRING(L"321400.5171"),    // altitude
        nullptr,                                // context
        operations
    };

    UNICODE_STRING devName = RTL_CONSTANT_STRING(PG_DEVICE_NAME);
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PG_SYMLINK_NAME);
    PDEVICE_OBJECT DeviceObject = nullptr;
    bool symLinkCreated = false;
    NTSTATUS status = STATUS_SUCCESS;

    do {
        status = ObRegisterCallbacks(&reg, &g_Globals.RegHandle);
        if (!NT_SUCCESS(status)) {
            KdPrint((DRIVER_PREFIX "failed to register ob callbacks (0x%08X)\n", status));
            break;
        }

        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &DeviceObject);
        if (!NT_SUCCESS(status)) {
            KdPrint((DRIVER_PREFIX "failed to create device object (0x%08X)\n", status));
            break;
        }

        status = IoCreateSymbolicLink(&symLink, &devName);
        if (!NT_SUCCESS(status)) {
            KdPrint((DRIVER_PREFIX "failed to create symbolic link (0x%08X)\n", status));
            break;
        }
        symLinkCreated = true;

        status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
        if (!NT_SUCCESS(status)) {
            KdPrint((DRIVER_PREFIX "failed to register process notify (0x%08X)\n", status));
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        if (symLinkCreated)
            IoDeleteSymbolicLink(&symLink);
        if (DeviceObject)
            IoDeleteDevice(DeviceObject);
        return status;
    }

    DriverObject->DriverUnload = ProcGuardUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ProcGuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProcGuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProcGuardDeviceControl;

    KdPrint((DRIVER_PREFIX "loaded\n"));
    return STATUS_SUCCESS;
}

void ProcGuardUnload(PDRIVER_OBJECT DriverObject)
{
    // callbacks first, then the device
    PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)OnProcessNotify, TRUE);
    ObUnRegisterCallbacks(g_Globals.RegHandle);

    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PG_SYMLINK_NAME);
    IoDeleteSymbolicLink(&symLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    KdPrint((DRIVER_PREFIX "unloaded (%d opens denied)\n", g_Globals.DeniedOpens));
}

NTSTATUS ProcGuardCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp);
}

NTSTATUS ProcGuardDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_PROCGUARD_ADD_PID:
    case IOCTL_PROCGUARD_REMOVE_PID:
    {
        if (dic.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        auto pid = *(ULONG*)Irp->AssociatedIrp.SystemBuffer;
        if (pid == 0 || pid == 4) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        bool ok = (dic.IoControlCode == IOCTL_PROCGUARD_ADD_PID) ? ProtectPid(pid) : UnprotectPid(pid);
        if (!ok)
            status = (dic.IoControlCode == IOCTL_PROCGUARD_ADD_PID) ? STATUS_TOO_MANY_NAMES : STATUS_NOT_FOUND;
        break;
    }

    case IOCTL_PROCGUARD_CLEAR:
        ClearProtected();
        break;

    case IOCTL_PROCGUARD_QUERY_COUNT:
    {
        if (dic.OutputBufferLength < sizeof(ProcGuardStats)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        auto stats = (ProcGuardStats*)Irp->AssociatedIrp.SystemBuffer;
        stats->ProtectedCount = ProtectedCount();
        stats->DeniedOpens = (unsigned long)g_Globals.DeniedOpens;
        info = sizeof(ProcGuardStats);
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return CompleteIrp(Irp, status, info);
}
