/*
 * acguard.c - tiny "anti-cheat" handle guard
 *
 * Weekend project: strips dangerous access rights from handles that other
 * processes open to the protected game process, and forgets the PID when
 * the game exits.  Needs /INTEGRITYCHECK in the linker flags because of
 * ObRegisterCallbacks and PsSetCreateProcessNotifyRoutineEx.
 */
#include <ntifs.h>
#include <ntddk.h>
#include "acguard_ioctl.h"

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE         0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION      0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ           0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE          0x0020
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME     0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT        0x0010
#endif

#define AG_TAG  'dGcA'

typedef struct _AG_GLOBALS {
    PDEVICE_OBJECT pDeviceObject;
    PVOID          pvObRegHandle;
    FAST_MUTEX     fmLock;
    HANDLE         hProtectedPid;
    ULONG          ulFlags;
    BOOLEAN        bNotifyRegistered;
    AG_STATS       stStats;
} AG_GLOBALS, *PAG_GLOBALS;

static AG_GLOBALS g_Ag;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH AgDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH AgDispatchIoctl;
DRIVER_DISPATCH AgDispatchUnsupported;

static OB_PREOP_CALLBACK_STATUS AgPreOpCallback(PVOID pvContext, POB_PRE_OPERATION_INFORMATION pOpInfo);
static VOID AgProcessNotify(PEPROCESS pProcess, HANDLE hPid, PPS_CREATE_NOTIFY_INFO pCreateInfo);

static VOID
AgReleaseProtection(VOID)
{
    ExAcquireFastMutex(&g_Ag.fmLock);
    g_Ag.hProtectedPid = NULL;
    g_Ag.ulFlags = 0;
    g_Ag.stStats.ulProtectedPid = 0;
    ExReleaseFastMutex(&g_Ag.fmLock);
}

static BOOLEAN
AgIsProtected(HANDLE hPid, PULONG pulFlags)
{
    /* read without the mutex: callbacks may run at APC_LEVEL */
    HANDLE hCur = (HANDLE)InterlockedCompareExchangePointer((PVOID *)&g_Ag.hProtectedPid, NULL, NULL);

    if (hCur == NULL || hCur != hPid) {
        return FALSE;
    }
    *pulFlags = g_Ag.ulFlags;
    return TRUE;
}

static OB_PREOP_CALLBACK_STATUS
AgPreOpCallback(PVOID pvContext, POB_PRE_OPERATION_INFORMATION pOpInfo)
{
    ULONG       ulFlags = 0;
    HANDLE      hTargetPid;
    ACCESS_MASK amStrip = 0;
    PACCESS_MASK pamDesired;

    UNREFERENCED_PARAMETER(pvContext);

    if (pOpInfo->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    if (pOpInfo->ObjectType == *PsProcessType) {
        hTargetPid = PsGetProcessId((PEPROCESS)pOpInfo->Object);
        if (!AgIsProtected(hTargetPid, &ulFlags)) {
            return OB_PREOP_SUCCESS;
        }
        if (hTargetPid == PsGetCurrentProcessId()) {
            return OB_PREOP_SUCCESS;
        }
        if (ulFlags & AG_PF_STRIP_VM) {
            amStrip |= PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION;
        }
        if (ulFlags & AG_PF_STRIP_KILL) {
            amStrip |= PROCESS_TERMINATE;
        }
    } else if (pOpInfo->ObjectType == *PsThreadType) {
        hTargetPid = PsGetThreadProcessId((PETHREAD)pOpInfo->Object);
        if (!AgIsProtected(hTargetPid, &ulFlags) || !(ulFlags & AG_PF_STRIP_THREADS)) {
            return OB_PREOP_SUCCESS;
        }
        if (hTargetPid == PsGetCurrentProcessId()) {
            return OB_PREOP_SUCCESS;
        }
        amStrip = THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT;
        InterlockedIncrement((volatile LONG *)&g_Ag.stStats.ulDeniedThreads);
    } else {
        return OB_PREOP_SUCCESS;
    }

    if (pOpInfo->Operation == OB_OPERATION_HANDLE_CREATE) {
        pamDesired = &pOpInfo->Parameters->CreateHandleInformation.DesiredAccess;
    } else {
        pamDesired = &pOpInfo->Parameters->DuplicateHandleInformation.DesiredAccess;
    }

    if (*pamDesired & amStrip) {
        *pamDesired &= ~amStrip;
        InterlockedIncrement((volatile LONG *)&g_Ag.stStats.ulStrippedHandles);
    }
    return OB_PREOP_SUCCESS;
}

static VOID
AgProcessNotify(PEPROCESS pProcess, HANDLE hPid, PPS_CREATE_NOTIFY_INFO pCreateInfo)
{
    UNREFERENCED_PARAMETER(pProcess);

    if (pCreateInfo != NULL) {
        return;
    }
    if (hPid == g_Ag.hProtectedPid) {
        DbgPrint("[acguard] protected process %p exited\n", hPid);
        InterlockedIncrement((volatile LONG *)&g_Ag.stStats.ulProcessExits);
        AgReleaseProtection();
    }
}

NTSTATUS
AgDispatchCreateClose(PDEVICE_OBJECT pDeviceObject, PIRP pIrp)
{
    UNREFERENCED_PARAMETER(pDeviceObject);

    pIrp->IoStatus.Status = STATUS_SUCCESS;
    pIrp->IoStatus.Information = 0;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
AgDispatchUnsupported(PDEVICE_OBJECT pDeviceObject, PIRP pIrp)
{
    UNREFERENCED_PARAMETER(pDeviceObject);

    pIrp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    pIrp->IoStatus.Information = 0;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS
AgDispatchIoctl(PDEVICE_OBJECT pDeviceObject, PIRP pIrp)
{
    PIO_STACK_LOCATION pStack = IoGetCurrentIrpStackLocation(pIrp);
    NTSTATUS ntStatus = STATUS_SUCCESS;
    ULONG_PTR ulInfo = 0;
    ULONG ulInLen = pStack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG ulOutLen = pStack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID pvBuf = pIrp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(pDeviceObject);

    switch (pStack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_AG_PROTECT_PID:
    {
        PAG_PROTECT_REQUEST pReq = (PAG_PROTECT_REQUEST)pvBuf;

        if (ulInLen < sizeof(AG_PROTECT_REQUEST) || pReq->ulProcessId == 0) {
            ntStatus = STATUS_INVALID_PARAMETER;
            break;
        }
        ExAcquireFastMutex(&g_Ag.fmLock);
        g_Ag.ulFlags = pReq->ulFlags;
        g_Ag.stStats.ulProtectedPid = pReq->ulProcessId;
        InterlockedExchangePointer((PVOID *)&g_Ag.hProtectedPid, ULongToHandle(pReq->ulProcessId));
        ExReleaseFastMutex(&g_Ag.fmLock);
        DbgPrint("[acguard] protecting pid %lu flags 0x%lx\n", pReq->ulProcessId, pReq->ulFlags);
        break;
    }
    case IOCTL_AG_UNPROTECT:
        AgReleaseProtection();
        break;

    case IOCTL_AG_QUERY_STATS:
        if (ulOutLen < sizeof(AG_STATS)) {
            ntStatus = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ExAcquireFastMutex(&g_Ag.fmLock);
        RtlCopyMemory(pvBuf, &g_Ag.stStats, sizeof(AG_STATS));
        ExReleaseFastMutex(&g_Ag.fmLock);
        ulInfo = sizeof(AG_STATS);
        break;

    default:
        ntStatus = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    pIrp->IoStatus.Status = ntStatus;
    pIrp->IoStatus.Information = ulInfo;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return ntStatus;
}

VOID
AgUnload(PDRIVER_OBJECT pDriverObject)
{
    UNICODE_STRING usDosName;

    UNREFERENCED_PARAMETER(pDriverObject);

    AgReleaseProtection();

    if (g_Ag.bNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(AgProcessNotify, TRUE);
        g_Ag.bNotifyRegistered = FALSE;
    }

    RtlInitUnicodeString(&usDosName, AG_DOS_NAME);
    IoDeleteSymbolicLink(&usDosName);

    if (g_Ag.pDeviceObject != NULL) {
        IoDeleteDevice(g_Ag.pDeviceObject);
        g_Ag.pDeviceObject = NULL;
    }

    DbgPrint("[acguard] unloaded, %lu handles stripped\n", g_Ag.stStats.ulStrippedHandles);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT pDriverObject, PUNICODE_STRING pRegistryPath)
{
    NTSTATUS                  ntStatus;
    UNICODE_STRING            usDevName;
    UNICODE_STRING            usDosName;
    OB_CALLBACK_REGISTRATION  obReg;
    OB_OPERATION_REGISTRATION obOps[2];
    ULONG                     i;

    UNREFERENCED_PARAMETER(pRegistryPath);

    RtlZeroMemory(&g_Ag, sizeof(g_Ag));
    ExInitializeFastMutex(&g_Ag.fmLock);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        pDriverObject->MajorFunction[i] = AgDispatchUnsupported;
    }
    pDriverObject->MajorFunction[IRP_MJ_CREATE] = AgDispatchCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_CLOSE] = AgDispatchCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AgDispatchIoctl;
    pDriverObject->DriverUnload = AgUnload;

    RtlInitUnicodeString(&usDevName, AG_DEVICE_NAME);
    RtlInitUnicodeString(&usDosName, AG_DOS_NAME);

    ntStatus = IoCreateDevice(pDriverObject, 0, &usDevName, FILE_DEVICE_UNKNOWN,
                              FILE_DEVICE_SECURE_OPEN, FALSE, &g_Ag.pDeviceObject);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("[acguard] IoCreateDevice failed 0x%08X\n", ntStatus);
        return ntStatus;
    }
    g_Ag.pDeviceObject->Flags |= DO_BUFFERED_IO;

    ntStatus = IoCreateSymbolicLink(&usDosName, &usDevName);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("[acguard] IoCreateSymbolicLink failed 0x%08X\n", ntStatus);
        IoDeleteDevice(g_Ag.pDeviceObject);
        g_Ag.pDeviceObject = NULL;
        return ntStatus;
    }

    ntStatus = PsSetCreateProcessNotifyRoutineEx(AgProcessNotify, FALSE);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("[acguard] PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", ntStatus);
        IoDeleteSymbolicLink(&usDosName);
        IoDeleteDevice(g_Ag.pDeviceObject);
        g_Ag.pDeviceObject = NULL;
        return ntStatus;
    }
    g_Ag.bNotifyRegistered = TRUE;

    RtlZeroMemory(obOps, sizeof(obOps));
    obOps[0].ObjectType = PsProcessType;
    obOps[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    obOps[0].PreOperation = AgPreOpCallback;
    obOps[1].ObjectType = PsThreadType;
    obOps[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    obOps[1].PreOperation = AgPreOpCallback;

    RtlZeroMemory(&obReg, sizeof(obReg));
    obReg.Version = OB_FLT_REGISTRATION_VERSION;
    obReg.OperationRegistrationCount = 2;
    RtlInitUnicodeString(&obReg.Altitude, L"321337.5");
    obReg.RegistrationContext = &g_Ag;
    obReg.OperationRegistration = obOps;

    ntStatus = ObRegisterCallbacks(&obReg, &g_Ag.pvObRegHandle);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("[acguard] ObRegisterCallbacks failed 0x%08X\n", ntStatus);
        IoDeleteSymbolicLink(&usDosName);
        IoDeleteDevice(g_Ag.pDeviceObject);
        g_Ag.pDeviceObject = NULL;
        return ntStatus;
    }

    DbgPrint("[acguard] loaded\n");
    return STATUS_SUCCESS;
}
