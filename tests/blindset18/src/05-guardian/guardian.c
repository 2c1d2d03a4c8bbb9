/*
 *  guardian.c
 *
 *  Tiny anti-cheat style protector. The game (or its launcher) sends its
 *  PID with IOCTL_GUARD_PROTECT and from then on every handle opened to
 *  that process by someone else loses the VM read/write/operation rights.
 *
 *  Needs /INTEGRITYCHECK, otherwise ObRegisterCallbacks says ACCESS_DENIED.
 */

#include <ntifs.h>
#include <ntddk.h>

#define GUARD_DEVICE_NAME   L"\\Device\\Guardian"
#define GUARD_LINK_NAME     L"\\??\\Guardian"
#define GUARD_ALTITUDE      L"321000.4711"

#define IOCTL_GUARD_PROTECT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_GUARD_UNPROTECT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_GUARD_QUERY     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_ANY_ACCESS)

#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ       0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE      0x0020
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION  0x0008
#endif
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE     0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD 0x0002
#endif

#define GUARD_STRIP_MASK (PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | \
                          PROCESS_TERMINATE | PROCESS_CREATE_THREAD)

typedef struct _GUARD_QUERY_OUT {
    ULONG ProtectedPid;
    LONG  StrippedHandles;
} GUARD_QUERY_OUT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GuardUnload;
DRIVER_DISPATCH GuardCreateClose;
DRIVER_DISPATCH GuardIoctl;

static PVOID g_ObHandle = NULL;
static volatile ULONG g_ProtectedPid = 0;
static volatile LONG g_Stripped = 0;

static OB_PREOP_CALLBACK_STATUS
GuardPreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    PEPROCESS target;
    ULONG targetPid;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || g_ProtectedPid == 0)
        return OB_PREOP_SUCCESS;

    target = (PEPROCESS)Info->Object;
    targetPid = HandleToULong(PsGetProcessId(target));
    if (targetPid != g_ProtectedPid)
        return OB_PREOP_SUCCESS;

    // the game may open itself
    if (PsGetCurrentProcess() == target)
        return OB_PREOP_SUCCESS;

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        if (Info->Parameters->CreateHandleInformation.OriginalDesiredAccess & GUARD_STRIP_MASK) {
            Info->Parameters->CreateHandleInformation.DesiredAccess &= ~GUARD_STRIP_MASK;
            InterlockedIncrement(&g_Stripped);
        }
    } else if (Info->Operation == OB_OPERATION_HANDLE_DUPLICATE) {
        if (Info->Parameters->DuplicateHandleInformation.OriginalDesiredAccess & GUARD_STRIP_MASK) {
            Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~GUARD_STRIP_MASK;
            InterlockedIncrement(&g_Stripped);
        }
    }

    return OB_PREOP_SUCCESS;
}

static VOID
GuardProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);

    if (!Create && HandleToULong(ProcessId) == g_ProtectedPid) {
        DbgPrint("guardian: protected process %lu exited\n", g_ProtectedPid);
        g_ProtectedPid = 0;
    }
}

NTSTATUS GuardCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS GuardIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR bytes = 0;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_GUARD_PROTECT:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        g_ProtectedPid = *(PULONG)buf;
        g_Stripped = 0;
        DbgPrint("guardian: now protecting pid %lu\n", g_ProtectedPid);
        break;

    case IOCTL_GUARD_UNPROTECT:
        g_ProtectedPid = 0;
        break;

    case IOCTL_GUARD_QUERY:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(GUARD_QUERY_OUT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ((GUARD_QUERY_OUT *)buf)->ProtectedPid = g_ProtectedPid;
        ((GUARD_QUERY_OUT *)buf)->StrippedHandles = g_Stripped;
        bytes = sizeof(GUARD_QUERY_OUT);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = bytes;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID GuardUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(GUARD_LINK_NAME);

    if (g_ObHandle != NULL) {
        ObUnRegisterCallbacks(g_ObHandle);
        g_ObHandle = NULL;
    }
    PsSetCreateProcessNotifyRoutine(GuardProcessNotify, TRUE);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
    DbgPrint("guardian: unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT dev = NULL;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(GUARD_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(GUARD_LINK_NAME);
    OB_OPERATION_REGISTRATION opReg;
    OB_CALLBACK_REGISTRATION cbReg;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        DbgPrint("guardian: IoCreateDevice 0x%X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("guardian: IoCreateSymbolicLink 0x%X\n", status);
        IoDeleteDevice(dev);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutine(GuardProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("guardian: PsSetCreateProcessNotifyRoutine 0x%X\n", status);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(dev);
        return status;
    }

    /* handle stripping, the whole point of this driver */
    RtlZeroMemory(&opReg, sizeof(opReg));
    opReg.ObjectType = PsProcessType;
    opReg.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    opReg.PreOperation = GuardPreOpenProcess;
    opReg.PostOperation = NULL;

    RtlZeroMemory(&cbReg, sizeof(cbReg));
    cbReg.Version = OB_FLT_REGISTRATION_VERSION;
    cbReg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&cbReg.Altitude, GUARD_ALTITUDE);
    cbReg.RegistrationContext = NULL;
    cbReg.OperationRegistration = &opReg;

    status = ObRegisterCallbacks(&cbReg, &g_ObHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrint("guardian: ObRegisterCallbacks failed 0x%X\n", status);
        g_ObHandle = NULL;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = GuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GuardIoctl;
    DriverObject->DriverUnload = GuardUnload;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    DbgPrint("guardian: loaded\n");
    return STATUS_SUCCESS;
}
