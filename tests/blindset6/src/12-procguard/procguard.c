#include "procguard.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PgIoctl;

PG_STATE State;

static VOID
PgProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        // exiting: a recycled PID must not inherit protection
        PgForget(ProcessId);
    }
}

static OB_PREOP_CALLBACK_STATUS
PgPreOperation(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE target;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || Info->ObjectType != *PsProcessType) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target == PsGetCurrentProcessId() || !PgIsProtected(target)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PG_DENIED_PROCESS_ACCESS;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PG_DENIED_PROCESS_ACCESS;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS
PgCreateClose(
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
PgIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sl->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PG_PROTECT_SELF:
        status = PgProtect(PsGetCurrentProcessId());
        break;
    case IOCTL_PG_UNPROTECT_ALL:
        PgForgetAll();
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

//
// Undo whatever part of initialization happened. Used by the failure path
// of DriverEntry and by PgUnload.
//
static VOID
PgTeardown(
    VOID
    )
{
    UNICODE_STRING link;

    if (State.ObRegistration != NULL) {
        ObUnRegisterCallbacks(State.ObRegistration);
        State.ObRegistration = NULL;
    }

    if (State.ProcessNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, TRUE);
        State.ProcessNotifyRegistered = FALSE;
    }

    if (State.LinkCreated) {
        RtlInitUnicodeString(&link, PG_LINK_NAME);
        IoDeleteSymbolicLink(&link);
        State.LinkCreated = FALSE;
    }

    if (State.Device != NULL) {
        IoDeleteDevice(State.Device);
        State.Device = NULL;
    }

    PgForgetAll();
}

VOID
PgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PgTeardown();
}

static NTSTATUS
PgRegisterObCallbacks(
    VOID
    )
{
    OB_OPERATION_REGISTRATION ops[1];
    OB_CALLBACK_REGISTRATION reg;

    RtlZeroMemory(ops, sizeof(ops));
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PgPreOperation;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = ObGetFilterVersion();
    reg.OperationRegistrationCount = RTL_NUMBER_OF(ops);
    reg.OperationRegistration = ops;
    reg.RegistrationContext = NULL;
    RtlInitUnicodeString(&reg.Altitude, PG_ALTITUDE);

    return ObRegisterCallbacks(&reg, &State.ObRegistration);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name;
    UNICODE_STRING link;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&State, sizeof(State));
    ExInitializePushLock(&State.Lock);

    RtlInitUnicodeString(&name, PG_DEVICE_NAME);
    RtlInitUnicodeString(&link, PG_LINK_NAME);

    PG_TRY(IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                          FILE_DEVICE_SECURE_OPEN, FALSE, &State.Device));

    PG_TRY(IoCreateSymbolicLink(&link, &name));
    State.LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgIoctl;

    PG_TRY(PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, FALSE));
    State.ProcessNotifyRegistered = TRUE;

    PG_TRY(PgRegisterObCallbacks());

    DriverObject->DriverUnload = PgUnload;
    State.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

Fail:
    State.ObRegistration = NULL;
    PgTeardown();
    return State.LastStatus;
}
