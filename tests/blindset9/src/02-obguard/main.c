/*
 * ObGuard - DriverEntry, unload and the IOCTL interface.
 *
 *   sc create obguard type= kernel binPath= C:\drivers\obguard.sys
 *   sc start obguard
 *   obgctl.exe protect <pid>
 */
#include "obguard.h"

OBG_GLOBALS g_Obg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ObgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ObgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ObgDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ObgUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(OBG_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(OBG_LINK_NAME);
    OBG_SETTINGS settings;
    OB_OPERATION_REGISTRATION operations[2];
    OB_CALLBACK_REGISTRATION registration;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Obg, sizeof(g_Obg));
    KeInitializeSpinLock(&g_Obg.PidLock);

    settings.ProcessStrip = PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION |
                            PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME;
    settings.ThreadStrip = THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT;
    settings.AuditOnly = FALSE;

    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            OBG_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Obg.DeviceObject);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("IoCreateDevice failed 0x%08X", status);
        goto Exit;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("IoCreateSymbolicLink failed 0x%08X", status);
        goto DeleteDevice;
    }

    RtlZeroMemory(operations, sizeof(operations));
    operations[0].ObjectType = PsProcessType;
    operations[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    operations[0].PreOperation = ObgPreProcessHandle;

    operations[1].ObjectType = PsThreadType;
    operations[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    operations[1].PreOperation = ObgPreThreadHandle;

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Version = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = RTL_NUMBER_OF(operations);
    RtlInitUnicodeString(&registration.Altitude, OBG_ALTITUDE);
    registration.RegistrationContext = &settings;
    registration.OperationRegistration = operations;

    status = ObRegisterCallbacks(&registration, &g_Obg.CallbackHandle);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("ObRegisterCallbacks failed 0x%08X", status);
        goto DeleteLink;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObgDeviceControl;
    DriverObject->DriverUnload = ObgUnload;

    OBG_PRINT("loaded");
    return STATUS_SUCCESS;

DeleteLink:
    IoDeleteSymbolicLink(&linkName);
DeleteDevice:
    IoDeleteDevice(g_Obg.DeviceObject);
    g_Obg.DeviceObject = NULL;
Exit:
    return status;
}

VOID
ObgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(OBG_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Obg.CallbackHandle != NULL) {
        ObUnRegisterCallbacks(g_Obg.CallbackHandle);
        g_Obg.CallbackHandle = NULL;
    }

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Obg.DeviceObject);

    OBG_PRINT("unloaded");
}

NTSTATUS
ObgCreateClose(
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

NTSTATUS
ObgDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status;
    ULONG pid = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (code == IOCTL_OBG_PROTECT || code == IOCTL_OBG_UNPROTECT) {
        if (inLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            goto Complete;
        }
        pid = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
    }

    switch (code) {
    case IOCTL_OBG_PROTECT:
        status = ObgAddPid(pid);
        OBG_PRINT("protect %lu -> 0x%08X", pid, status);
        break;

    case IOCTL_OBG_UNPROTECT:
        status = ObgRemovePid(pid);
        break;

    case IOCTL_OBG_CLEAR:
        ObgClearPids();
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
