/*
 * ProcGuard - tiny process protection driver
 *
 * Protects one user-mode process (set by PID through an IOCTL) from being
 * terminated / written / suspended by other processes.  Also logs process
 * creation so you can see what is going on in DbgView.
 *
 * Build: link with /INTEGRITYCHECK, otherwise ObRegisterCallbacks and
 * PsSetCreateProcessNotifyRoutineEx return STATUS_ACCESS_DENIED.
 */
#include <ntddk.h>

#define PG_TAG          'dGrP'
#define PG_DEVICE_NAME  L"\\Device\\ProcGuard"
#define PG_SYMLINK_NAME L"\\??\\ProcGuard"

#define IOCTL_PG_PROTECT_PID   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PG_UNPROTECT     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE          0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION       0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE           0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME     0x0800
#endif

#define PG_STRIP_MASK (PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PgDeviceControl;

static PDEVICE_OBJECT g_DeviceObject = NULL;
static PVOID          g_ObRegHandle = NULL;
static volatile LONG  g_ProtectedPid = 0;
static BOOLEAN        g_ProcNotifyRegistered = FALSE;

/* -------------------------------------------------------------------------- */

static OB_PREOP_CALLBACK_STATUS
PgPreOpenProcess(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    PEPROCESS target;
    HANDLE targetPid;
    LONG protectedPid;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    protectedPid = InterlockedCompareExchange(&g_ProtectedPid, 0, 0);
    if (protectedPid == 0) {
        return OB_PREOP_SUCCESS;
    }

    target = (PEPROCESS)Info->Object;
    targetPid = PsGetProcessId(target);

    if (HandleToULong(targetPid) != (ULONG)protectedPid) {
        return OB_PREOP_SUCCESS;
    }

    /* the protected process may of course open itself */
    if (PsGetCurrentProcessId() == targetPid) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PG_STRIP_MASK;
    } else if (Info->Operation == OB_OPERATION_HANDLE_DUPLICATE) {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PG_STRIP_MASK;
    }

    return OB_PREOP_SUCCESS;
}

static VOID
PgProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        if (CreateInfo->ImageFileName != NULL) {
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
                       "[procguard] create pid=%lu parent=%lu %wZ\n",
                       HandleToULong(ProcessId),
                       HandleToULong(CreateInfo->ParentProcessId),
                       CreateInfo->ImageFileName);
        }
    } else {
        /* protected process went away, forget the pid */
        InterlockedCompareExchange(&g_ProtectedPid, 0, (LONG)HandleToULong(ProcessId));
    }
}

/* -------------------------------------------------------------------------- */

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
PgDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG pid;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PG_PROTECT_PID:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        pid = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        InterlockedExchange(&g_ProtectedPid, (LONG)pid);
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procguard] protecting %lu\n", pid);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PG_UNPROTECT:
        InterlockedExchange(&g_ProtectedPid, 0);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/* -------------------------------------------------------------------------- */

static NTSTATUS
PgRegisterObCallbacks(VOID)
{
    OB_OPERATION_REGISTRATION opReg;
    OB_CALLBACK_REGISTRATION cbReg;
    UNICODE_STRING altitude;

    RtlInitUnicodeString(&altitude, L"321000.5");

    RtlZeroMemory(&opReg, sizeof(opReg));
    opReg.ObjectType = PsProcessType;
    opReg.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    opReg.PreOperation = PgPreOpenProcess;
    opReg.PostOperation = NULL;

    RtlZeroMemory(&cbReg, sizeof(cbReg));
    cbReg.Version = OB_FLT_REGISTRATION_VERSION;
    cbReg.OperationRegistrationCount = 1;
    cbReg.Altitude = altitude;
    cbReg.RegistrationContext = NULL;
    cbReg.OperationRegistration = &opReg;

    return ObRegisterCallbacks(&cbReg, &g_ObRegHandle);
}

VOID
PgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ObRegHandle != NULL) {
        ObUnRegisterCallbacks(g_ObRegHandle);
        g_ObRegHandle = NULL;
    }

    if (g_ProcNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, TRUE);
        g_ProcNotifyRegistered = FALSE;
    }

    if (g_DeviceObject != NULL) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procguard] unloaded\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING symLink;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&devName, PG_DEVICE_NAME);
    RtlInitUnicodeString(&symLink, PG_SYMLINK_NAME);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "[procguard] IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&symLink, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "[procguard] PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status);
        IoDeleteSymbolicLink(&symLink);
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        return status;
    }
    g_ProcNotifyRegistered = TRUE;

    status = PgRegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "[procguard] ObRegisterCallbacks failed 0x%08X\n", status);
        IoDeleteSymbolicLink(&symLink);
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgDeviceControl;
    DriverObject->DriverUnload = PgUnload;

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procguard] loaded\n");
    return STATUS_SUCCESS;
}
