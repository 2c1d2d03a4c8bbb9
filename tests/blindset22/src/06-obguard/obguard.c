/*
 * ObGuard - toy anti-cheat: keeps other processes from reading / writing /
 * killing the game process.
 *
 *  - the launcher sends the game PID with OBGUARD_IOCTL_PROTECT
 *  - ObRegisterCallbacks pre-op strips VM_READ / VM_WRITE / VM_OPERATION /
 *    TERMINATE / SUSPEND from process handles (and the thread equivalents)
 *    that anyone else opens to the game
 *  - process notify clears the PID when the game exits
 *
 * Needs /INTEGRITYCHECK and a signed (or test-signed) image, otherwise
 * ObRegisterCallbacks returns STATUS_ACCESS_DENIED.
 */
#include <ntifs.h>
#include "obguard_ioctl.h"

#define OG_ALTITUDE L"321337.42"

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE           0x0001
#endif
#define PROCESS_VM_OPERATION        0x0008
#define PROCESS_VM_READ             0x0010
#define PROCESS_VM_WRITE            0x0020
#define PROCESS_SUSPEND_RESUME      0x0800
#define THREAD_TERMINATE_           0x0001
#define THREAD_SUSPEND_RESUME_      0x0002
#define THREAD_GET_CONTEXT_         0x0008
#define THREAD_SET_CONTEXT_         0x0010

typedef struct _OG_CONFIG {
    ACCESS_MASK ProcessStripMask;
    ACCESS_MASK ThreadStripMask;
    BOOLEAN     AllowSameProcess;
} OG_CONFIG, *POG_CONFIG;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OgUnload;
DRIVER_DISPATCH OgCreateClose;
DRIVER_DISPATCH OgDeviceControl;

static PDEVICE_OBJECT g_DeviceObject = NULL;
static PVOID          g_ObHandle = NULL;
static BOOLEAN        g_ProcNotify = FALSE;
static volatile LONG  g_ProtectedPid = 0;
static volatile LONG  g_Stripped = 0;

/* ------------------------------------------------------------------------ */

static OB_PREOP_CALLBACK_STATUS
OgPreOperation(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    POG_CONFIG cfg = (POG_CONFIG)RegistrationContext;
    HANDLE target;
    HANDLE protectedPid = ULongToHandle((ULONG)g_ProtectedPid);
    ACCESS_MASK strip;
    PACCESS_MASK desired;

    if (protectedPid == NULL || Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->ObjectType == *PsProcessType) {
        target = PsGetProcessId((PEPROCESS)Info->Object);
        strip = cfg->ProcessStripMask;
    } else {
        target = PsGetThreadProcessId((PETHREAD)Info->Object);
        strip = cfg->ThreadStripMask;
    }

    if (target != protectedPid) {
        return OB_PREOP_SUCCESS;
    }
    if (cfg->AllowSameProcess && PsGetCurrentProcessId() == protectedPid) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        desired = &Info->Parameters->CreateHandleInformation.DesiredAccess;
    } else {
        desired = &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    }

    if (*desired & strip) {
        *desired &= ~strip;
        InterlockedIncrement(&g_Stripped);
    }

    return OB_PREOP_SUCCESS;
}

static VOID
OgProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    /* game exited: stop protecting a PID that may get reused */
    if (CreateInfo == NULL) {
        InterlockedCompareExchange(&g_ProtectedPid, 0, (LONG)HandleToULong(ProcessId));
    }
}

/* ------------------------------------------------------------------------ */

NTSTATUS
OgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
OgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case OBGUARD_IOCTL_PROTECT:
        if (inLen < sizeof(OBGUARD_PROTECT_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        InterlockedExchange(&g_ProtectedPid,
                            (LONG)((OBGUARD_PROTECT_REQUEST *)buf)->ProcessId);
        DbgPrint("obguard: protecting pid %lu\n", (ULONG)g_ProtectedPid);
        break;

    case OBGUARD_IOCTL_UNPROTECT:
        InterlockedExchange(&g_ProtectedPid, 0);
        break;

    case OBGUARD_IOCTL_QUERY:
        if (outLen < sizeof(OBGUARD_STATUS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ((OBGUARD_STATUS *)buf)->ProtectedPid = (ULONG)g_ProtectedPid;
        ((OBGUARD_STATUS *)buf)->StrippedHandles = (ULONG)g_Stripped;
        info = sizeof(OBGUARD_STATUS);
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

/* ------------------------------------------------------------------------ */

VOID
OgUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ObHandle != NULL) {
        ObUnRegisterCallbacks(g_ObHandle);
        g_ObHandle = NULL;
    }
    if (g_ProcNotify) {
        PsSetCreateProcessNotifyRoutineEx(OgProcessNotify, TRUE);
        g_ProcNotify = FALSE;
    }

    RtlInitUnicodeString(&linkName, OBGUARD_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_DeviceObject);

    DbgPrint("obguard: unloaded, %ld handles stripped\n", g_Stripped);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    UNICODE_STRING altitude;
    OG_CONFIG config;
    OB_OPERATION_REGISTRATION opReg[2];
    OB_CALLBACK_REGISTRATION cbReg;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = OgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = OgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OgDeviceControl;

    config.ProcessStripMask = PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION |
                              PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME;
    config.ThreadStripMask = THREAD_TERMINATE_ | THREAD_SUSPEND_RESUME_ |
                             THREAD_GET_CONTEXT_ | THREAD_SET_CONTEXT_;
    config.AllowSameProcess = TRUE;

    RtlInitUnicodeString(&devName, OBGUARD_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, OBGUARD_LINK_NAME);

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("obguard: IoCreateSymbolicLink 0x%08X\n", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("obguard: IoCreateDevice 0x%08X\n", status);
        return status;
    }
    g_DeviceObject->Flags |= DO_BUFFERED_IO;

    status = PsSetCreateProcessNotifyRoutineEx(OgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("obguard: PsSetCreateProcessNotifyRoutineEx 0x%08X\n", status);
        goto Cleanup;
    }
    g_ProcNotify = TRUE;

    RtlZeroMemory(opReg, sizeof(opReg));
    opReg[0].ObjectType = PsProcessType;
    opReg[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    opReg[0].PreOperation = OgPreOperation;
    opReg[1].ObjectType = PsThreadType;
    opReg[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    opReg[1].PreOperation = OgPreOperation;

    RtlInitUnicodeString(&altitude, OG_ALTITUDE);
    RtlZeroMemory(&cbReg, sizeof(cbReg));
    cbReg.Version = OB_FLT_REGISTRATION_VERSION;
    cbReg.OperationRegistrationCount = 2;
    cbReg.Altitude = altitude;
    cbReg.RegistrationContext = &config;
    cbReg.OperationRegistration = opReg;

    if (!NT_SUCCESS(ObRegisterCallbacks(&cbReg, &g_ObHandle))) {
        DbgPrint("obguard: ObRegisterCallbacks failed (not signed / no /INTEGRITYCHECK?)\n");
        goto Cleanup;
    }

    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrint("obguard: loaded\n");
    return STATUS_SUCCESS;

Cleanup:
    if (g_ProcNotify) {
        PsSetCreateProcessNotifyRoutineEx(OgProcessNotify, TRUE);
        g_ProcNotify = FALSE;
    }
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_DeviceObject);
    return status;
}
