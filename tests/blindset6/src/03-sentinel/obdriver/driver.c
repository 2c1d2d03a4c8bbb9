//
// obdriver - strips terminate/VM-write rights from handles opened to
// processes on the protected list.
//
#include "common.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH DispatchIoctl;

OB_PREOP_CALLBACK_STATUS
PreProcessHandle(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    );

// process access rights, from winnt.h (not in the kernel headers)
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION    0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif

#define MAX_PROTECTED  32
#define STRIP_MASK     (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION)

typedef struct _OB_GLOBALS {
    ERESOURCE       ListLock;
    BOOLEAN         LockInitialized;
    ULONG           ProtectedCount;
    HANDLE          Protected[MAX_PROTECTED];
    PDEVICE_OBJECT  ControlDevice;
    PVOID           ObHandle;
    BOOLEAN         CallbacksRegistered;
    SNT_STATS       Stats;
} OB_GLOBALS;

static OB_GLOBALS g_Globals;

static const UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\SentinelOb");
static const UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(L"\\??\\SentinelOb");

static NTSTATUS
InitializeGlobals(
    VOID
    )
{
    NTSTATUS status;

    RtlZeroMemory(&g_Globals, sizeof(g_Globals));

    status = ExInitializeResourceLite(&g_Globals.ListLock);
    if (NT_SUCCESS(status)) {
        g_Globals.LockInitialized = TRUE;
    }
    return status;
}

static VOID
CleanupGlobals(
    VOID
    )
{
    if (g_Globals.LockInitialized) {
        ExDeleteResourceLite(&g_Globals.ListLock);
        g_Globals.LockInitialized = FALSE;
    }
}

static NTSTATUS
CreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT device = NULL;

    status = IoCreateDevice(DriverObject, 0, (PUNICODE_STRING)&g_DeviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, TRUE, &device);
    CHECK_STATUS(status, Exit);

    status = IoCreateSymbolicLink((PUNICODE_STRING)&g_LinkName, (PUNICODE_STRING)&g_DeviceName);
    CHECK_STATUS(status, DeleteDevice);

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    g_Globals.ControlDevice = device;
    return STATUS_SUCCESS;

DeleteDevice:
    IoDeleteDevice(device);
Exit:
    return status;
}

static VOID
DeleteControlDevice(
    VOID
    )
{
    if (g_Globals.ControlDevice != NULL) {
        IoDeleteSymbolicLink((PUNICODE_STRING)&g_LinkName);
        IoDeleteDevice(g_Globals.ControlDevice);
        g_Globals.ControlDevice = NULL;
    }
}

static BOOLEAN
IsProtected(
    _In_ HANDLE ProcessId
    )
{
    BOOLEAN found = FALSE;
    ULONG i;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_Globals.ListLock, TRUE);
    for (i = 0; i < g_Globals.ProtectedCount; i++) {
        if (g_Globals.Protected[i] == ProcessId) {
            found = TRUE;
            break;
        }
    }
    ExReleaseResourceLite(&g_Globals.ListLock);
    KeLeaveCriticalRegion();
    return found;
}

OB_PREOP_CALLBACK_STATUS
PreProcessHandle(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE pid;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    pid = PsGetProcessId((PEPROCESS)Info->Object);
    InterlockedIncrement64((volatile LONG64 *)&g_Globals.Stats.Inspected);

    if (pid == PsGetCurrentProcessId() || !IsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~STRIP_MASK;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~STRIP_MASK;
    }
    InterlockedIncrement64((volatile LONG64 *)&g_Globals.Stats.Blocked);
    return OB_PREOP_SUCCESS;
}

static NTSTATUS
RegisterObCallbacks(
    VOID
    )
{
    OB_OPERATION_REGISTRATION op;
    OB_CALLBACK_REGISTRATION reg;
    NTSTATUS status;

    RtlZeroMemory(&op, sizeof(op));
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PreProcessHandle;
    op.PostOperation = NULL;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, L"321456.7");
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = &op;

    status = ObRegisterCallbacks(&reg, &g_Globals.ObHandle);
    if (!NT_SUCCESS(status)) {
        return status;
    }

#if DBG
    SNT_TRACE(SNT_LEVEL_INFO, "ob callbacks registered, handle %p", g_Globals.ObHandle);
    g_Globals.CallbacksRegistered = TRUE;
#endif

    return STATUS_SUCCESS;
}

NTSTATUS
DispatchCreateClose(
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
DispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sl->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SNT_ADD_PROTECTED:
        if (sl->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_Globals.ListLock, TRUE);
        if (g_Globals.ProtectedCount < MAX_PROTECTED) {
            g_Globals.Protected[g_Globals.ProtectedCount++] =
                ULongToHandle(*(PULONG)Irp->AssociatedIrp.SystemBuffer);
        } else {
            status = STATUS_QUOTA_EXCEEDED;
        }
        ExReleaseResourceLite(&g_Globals.ListLock);
        KeLeaveCriticalRegion();
        break;

    case IOCTL_SNT_CLEAR_PROTECTED:
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_Globals.ListLock, TRUE);
        g_Globals.ProtectedCount = 0;
        ExReleaseResourceLite(&g_Globals.ListLock);
        KeLeaveCriticalRegion();
        break;

    case IOCTL_SNT_GET_STATS:
        if (sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SNT_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Globals.Stats, sizeof(SNT_STATS));
        info = sizeof(SNT_STATS);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Globals.CallbacksRegistered) {
        ObUnRegisterCallbacks(g_Globals.ObHandle);
        g_Globals.CallbacksRegistered = FALSE;
    }
    DeleteControlDevice();
    CleanupGlobals();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = InitializeGlobals();
    CHECK_STATUS(status, Exit);

    status = CreateControlDevice(DriverObject);
    CHECK_STATUS(status, FreeGlobals);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = DriverUnload;

    status = RegisterObCallbacks();
    CHECK_STATUS(status, DeleteDevice);

    return STATUS_SUCCESS;

DeleteDevice:
    DeleteControlDevice();
FreeGlobals:
    CleanupGlobals();
Exit:
    return status;
}
