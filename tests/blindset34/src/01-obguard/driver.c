#include "obguard.h"

OBG_GLOBALS g_Obg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ObgUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH ObgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH ObgDeviceControl;

static OB_PREOP_CALLBACK_STATUS
ObgPreProcessHandle(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE targetPid;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    targetPid = PsGetProcessId((PEPROCESS)Info->Object);
    if (targetPid == PsGetCurrentProcessId() || !ObgTableContains(targetPid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~OBG_STRIP_PROCESS;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~OBG_STRIP_PROCESS;
    }
    return OB_PREOP_SUCCESS;
}

static OB_PREOP_CALLBACK_STATUS
ObgPreThreadHandle(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE ownerPid;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    ownerPid = PsGetThreadProcessId((PETHREAD)Info->Object);
    if (ownerPid == PsGetCurrentProcessId() || !ObgTableContains(ownerPid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~OBG_STRIP_THREAD;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~OBG_STRIP_THREAD;
    }
    return OB_PREOP_SUCCESS;
}

static VOID
ObgProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        // protected game exited, forget its pid so it can be reused
        ObgTableRemove(ProcessId);
    }
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
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG pid;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OBG_PROTECT:
    case IOCTL_OBG_UNPROTECT:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        pid = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_OBG_PROTECT) {
            status = ObgTableAdd(ULongToHandle(pid));
        } else {
            ObgTableRemove(ULongToHandle(pid));
            status = STATUS_SUCCESS;
        }
        OBG_INFO("pid %lu %s -> 0x%08X", pid,
                 stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_OBG_PROTECT ? "protect" : "unprotect",
                 status);
        break;
    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
ObgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    OBG_INFO("unloading");

    ObgTableDestroy();

    if (g_Obg.ProcNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(ObgProcessNotify, TRUE);
        g_Obg.ProcNotifyRegistered = FALSE;
    }

    if (g_Obg.ObHandle != NULL) {
        ObUnRegisterCallbacks(g_Obg.ObHandle);
        g_Obg.ObHandle = NULL;
    }

    IoDeleteSymbolicLink(&g_Obg.SymLink);
    IoDeleteDevice(g_Obg.DeviceObject);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBG_DEVICE_NAME);
    OB_OPERATION_REGISTRATION ops[2];
    OB_CALLBACK_REGISTRATION reg;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Obg, sizeof(g_Obg));
    RtlInitUnicodeString(&g_Obg.SymLink, OBG_SYMLINK_NAME);

    status = ObgTableCreate();
    OBG_CHECK(status, "ObgTableCreate");

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Obg.DeviceObject);
    OBG_CHECK(status, "IoCreateDevice");

    status = IoCreateSymbolicLink(&g_Obg.SymLink, &devName);
    OBG_CHECK(status, "IoCreateSymbolicLink");
    g_Obg.SymLinkCreated = TRUE;

    RtlZeroMemory(ops, sizeof(ops));
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = ObgPreProcessHandle;
    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = ObgPreThreadHandle;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = RTL_NUMBER_OF(ops);
    RtlInitUnicodeString(&reg.Altitude, OBG_ALTITUDE);
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = ops;

    status = ObRegisterCallbacks(&reg, &g_Obg.ObHandle);
    OBG_CHECK(status, "ObRegisterCallbacks");

    status = PsSetCreateProcessNotifyRoutineEx(ObgProcessNotify, FALSE);
    OBG_CHECK(status, "PsSetCreateProcessNotifyRoutineEx");
    g_Obg.ProcNotifyRegistered = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObgDeviceControl;
    DriverObject->DriverUnload = ObgUnload;

    OBG_INFO("loaded, ob handle %p", g_Obg.ObHandle);
    return STATUS_SUCCESS;

Cleanup:
    if (g_Obg.SymLinkCreated) {
        IoDeleteSymbolicLink(&g_Obg.SymLink);
    }
    if (g_Obg.DeviceObject != NULL) {
        IoDeleteDevice(g_Obg.DeviceObject);
    }
    ObgTableDestroy();
    return status;
}
