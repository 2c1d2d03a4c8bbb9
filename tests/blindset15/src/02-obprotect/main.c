#include "common.h"

OBP_STATE g_Obp;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ObpUnload;
DRIVER_DISPATCH ObpCreateClose;
DRIVER_DISPATCH ObpIoctl;

#pragma alloc_text(INIT, DriverEntry)

static NTSTATUS ObpComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS ObpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return ObpComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS ObpIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (code) {
    case IOCTL_OBP_ADD_PID:
    case IOCTL_OBP_REMOVE_PID:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (code == IOCTL_OBP_ADD_PID) {
            status = ProtAdd(*(PULONG)Irp->AssociatedIrp.SystemBuffer);
        } else {
            status = ProtRemove(*(PULONG)Irp->AssociatedIrp.SystemBuffer);
        }
        break;

    case IOCTL_OBP_CLEAR:
        ProtClear();
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return ObpComplete(Irp, status, 0);
}

VOID ObpUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(OBP_SYMLINK);

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Obp.RegHandle != NULL) {
        ObUnRegisterCallbacks(g_Obp.RegHandle);
        g_Obp.RegHandle = NULL;
    }
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Obp.Device);
    DbgPrint("[obprotect] unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBP_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(OBP_SYMLINK);
    OB_OPERATION_REGISTRATION ops[1];
    OB_CALLBACK_REGISTRATION reg;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Obp.Device);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[obprotect] IoCreateDevice: 0x%x\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[obprotect] IoCreateSymbolicLink: 0x%x\n", status);
        IoDeleteDevice(g_Obp.Device);
        return status;
    }

    RtlZeroMemory(ops, sizeof(ops));
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = ProtPreOperation;
    ops[0].PostOperation = NULL;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, OBP_ALTITUDE);
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = ops;

    status = ObRegisterCallbacks(&reg, &g_Obp.RegHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[obprotect] ObRegisterCallbacks: 0x%x\n", status);
        IoDeleteDevice(g_Obp.Device);
        return status;
    }

    ProtInitTable();

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObpIoctl;
    DriverObject->DriverUnload = ObpUnload;

    DbgPrint("[obprotect] loaded\n");
    return STATUS_SUCCESS;
}
