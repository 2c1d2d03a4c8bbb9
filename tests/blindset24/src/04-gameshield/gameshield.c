// GameShield - tiny handle-stripping anti-cheat prototype.
//
// The launcher tells us the PID of the game via IOCTL_GS_PROTECT; from then on
// every handle opened to that process by another user-mode process has its
// VM read/write/operation, create-thread and terminate rights stripped.
// When the game exits we forget about it.
//
// Needs /INTEGRITYCHECK in the linker flags or ObRegisterCallbacks fails with
// STATUS_ACCESS_DENIED.

#include <ntifs.h>
#include <ntddk.h>

#define GS_DEVICE   L"\\Device\\GameShield"
#define GS_LINK     L"\\??\\GameShield"
#define GS_ALTITUDE L"321450.7"

#define IOCTL_GS_PROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GS_UNPROTECT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define GS_STRIP_MASK (PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | \
                       PROCESS_CREATE_THREAD | PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME | \
                       PROCESS_DUP_HANDLE)

static PDEVICE_OBJECT g_Device;
static PVOID          g_ObHandle;
static PEPROCESS      g_Game;          // referenced
static HANDLE         g_GamePid;
static EX_PUSH_LOCK   g_GameLock;
static volatile LONG  g_Stripped;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     GsUnload;

static OB_PREOP_CALLBACK_STATUS
GsPreOpenProcess(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    PEPROCESS target;
    ACCESS_MASK* desired;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = (PEPROCESS)Info->Object;
    if (target == NULL || target != g_Game) {
        return OB_PREOP_SUCCESS;
    }

    // the game may open itself
    if (PsGetCurrentProcess() == target) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        desired = &Info->Parameters->CreateHandleInformation.DesiredAccess;
    } else {
        desired = &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    }

    if (*desired & GS_STRIP_MASK) {
        *desired &= ~GS_STRIP_MASK;
        InterlockedIncrement(&g_Stripped);
    }

    return OB_PREOP_SUCCESS;
}

static VOID
GsForgetGame(VOID)
{
    PEPROCESS old;

    ExAcquirePushLockExclusive(&g_GameLock);
    old = g_Game;
    g_Game = NULL;
    g_GamePid = NULL;
    ExReleasePushLockExclusive(&g_GameLock);

    if (old != NULL) {
        ObDereferenceObject(old);
    }
}

static NTSTATUS
GsProtectPid(
    _In_ HANDLE Pid
    )
{
    NTSTATUS status;
    PEPROCESS process;

    status = PsLookupProcessByProcessId(Pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    GsForgetGame();

    ExAcquirePushLockExclusive(&g_GameLock);
    g_Game = process;            // keep the lookup reference
    g_GamePid = Pid;
    ExReleasePushLockExclusive(&g_GameLock);

    DbgPrint("[gameshield] protecting pid %p\n", Pid);
    return STATUS_SUCCESS;
}

static VOID
GsProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(ProcessId);

    if (CreateInfo != NULL) {
        return;     // only interested in exits
    }

    if (Process == g_Game) {
        DbgPrint("[gameshield] game exited, %ld handles stripped\n", g_Stripped);
        GsForgetGame();
    }
}

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS
GsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static NTSTATUS
GsDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_GS_PROTECT:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = GsProtectPid(ULongToHandle(*(PULONG)Irp->AssociatedIrp.SystemBuffer));
        break;

    case IOCTL_GS_UNPROTECT:
        GsForgetGame();
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
GsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(GS_LINK);

    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx(GsProcessNotify, TRUE);
    ObUnRegisterCallbacks(g_ObHandle);

    g_Game = NULL;
    g_GamePid = NULL;

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);

    DbgPrint("[gameshield] unloaded\n");
}

static NTSTATUS
GsRegisterObCallbacks(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    OB_OPERATION_REGISTRATION op = { 0 };
    OB_CALLBACK_REGISTRATION reg = { 0 };

    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = GsPreOpenProcess;
    op.PostOperation = NULL;

    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, GS_ALTITUDE);
    reg.RegistrationContext = DriverObject;
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &g_ObHandle);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING name = RTL_CONSTANT_STRING(GS_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(GS_LINK);

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializePushLock(&g_GameLock);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &g_Device);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[gameshield] IoCreateDevice: 0x%x\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        return status;
    }

    status = GsRegisterObCallbacks(DriverObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[gameshield] ObRegisterCallbacks: 0x%x (linked with /INTEGRITYCHECK?)\n", status);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_Device);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(GsProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[gameshield] PsSetCreateProcessNotifyRoutineEx: 0x%x\n", status);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = GsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GsDeviceControl;
    DriverObject->DriverUnload = GsUnload;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgPrint("[gameshield] loaded\n");
    return STATUS_SUCCESS;
}
