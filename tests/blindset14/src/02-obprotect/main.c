/*
 * main.c - ObProtect driver entry, unload and the control device
 *
 * Build with /INTEGRITYCHECK, otherwise ObRegisterCallbacks says ACCESS_DENIED.
 */
#include "protect.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ObProtectUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ObProtectCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ObProtectIoctl;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\ObProtect");
static UNICODE_STRING g_SymName = RTL_CONSTANT_STRING(L"\\DosDevices\\ObProtect");

/* read one optional DWORD from the service key, keep the default otherwise */
static ULONG QueryDword(PUNICODE_STRING RegistryPath, PCWSTR Name, ULONG Default)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    ULONG result = Default;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        return Default;
    }

    RtlInitUnicodeString(&valueName, Name);
    if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &length)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        result = *(PULONG)info->Data;
    }

    ZwClose(key);
    return result;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT deviceObject = NULL;
    PROTECT_CONFIG config;
    OB_OPERATION_REGISTRATION ops[2];
    OB_CALLBACK_REGISTRATION reg;

    KeInitializeSpinLock(&g_Protect.Lock);
    g_Protect.Count = 0;

    /* defaults, then whatever the service key overrides */
    config.StripProcess = PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME;
    config.StripThread = THREAD_TERMINATE | THREAD_SUSPEND_RESUME;
    config.StripProcess = QueryDword(RegistryPath, L"StripProcess", config.StripProcess);
    config.StripThread = QueryDword(RegistryPath, L"StripThread", config.StripThread);
    config.LogOnly = QueryDword(RegistryPath, L"LogOnly", 0) ? TRUE : FALSE;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        LOGERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_SymName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        LOGERR("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObProtectCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObProtectCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObProtectIoctl;
    DriverObject->DriverUnload = ObProtectUnload;

    RtlZeroMemory(ops, sizeof(ops));
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = ProtectPreProcess;
    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = ProtectPreThread;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 2;
    RtlInitUnicodeString(&reg.Altitude, PROTECT_ALTITUDE);
    reg.RegistrationContext = &config;
    reg.OperationRegistration = ops;

    status = ObRegisterCallbacks(&reg, &g_Protect.RegistrationHandle);
    if (!NT_SUCCESS(status)) {
        LOGERR("ObRegisterCallbacks failed 0x%08X (signed with /INTEGRITYCHECK?)", status);
        IoDeleteDevice(deviceObject);
        return status;
    }

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("loaded, strip process 0x%X thread 0x%X%s", config.StripProcess, config.StripThread,
        config.LogOnly ? " (log only)" : "");
    return STATUS_SUCCESS;
}

VOID ObProtectUnload(PDRIVER_OBJECT DriverObject)
{
    if (g_Protect.RegistrationHandle) {
        ObUnRegisterCallbacks(g_Protect.RegistrationHandle);
        g_Protect.RegistrationHandle = NULL;
    }
    IoDeleteSymbolicLink(&g_SymName);
    IoDeleteDevice(DriverObject->DeviceObject);
    LOG("unloaded%s", "");
}

NTSTATUS ObProtectCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS ObProtectIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG pid;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PROTECT_ADD_PID:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        pid = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        status = ProtectAdd(ULongToHandle(pid));
        LOG("protect pid %lu -> 0x%08X", pid, status);
        break;

    case IOCTL_PROTECT_CLEAR:
        ProtectClear();
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
