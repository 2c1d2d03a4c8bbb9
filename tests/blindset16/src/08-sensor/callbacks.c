//
// callbacks.c -- process, image, object-manager and registry callbacks.
//
// Copyright (c) Sentinel Labs Endpoint Team. Internal use only.
//

#include "sensor.h"

#define SN_PROCESS_DENY_MASK    (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | \
                                 PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME)

static VOID SnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                            _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
static VOID SnImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                          _In_ PIMAGE_INFO ImageInfo);
static OB_PREOP_CALLBACK_STATUS SnObPreOperation(_In_ PVOID RegistrationContext,
                                                 _Inout_ POB_PRE_OPERATION_INFORMATION Info);
static EX_CALLBACK_FUNCTION SnRegistryCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, SnCallbacksInit)
#pragma alloc_text(PAGE, SnCallbacksFini)
#endif

VOID
SnPostEvent(
    _In_ SN_EVENT_TYPE Type,
    _In_ HANDLE ProcessId,
    _In_ HANDLE Other,
    _In_opt_ PCUNICODE_STRING Path
    )
{
    PSN_EVENT ev;
    USHORT copy;

    if (!ExAcquireRundownProtection(&g_Sn.CallbackRundown)) {
        return;
    }

    ev = SnQueueAllocate(&g_Sn.Queue);
    if (ev != NULL) {
        ev->Record.Type = Type;
        ev->Record.ProcessId = HandleToULong(ProcessId);
        ev->Record.ParentOrThreadId = HandleToULong(Other);
        KeQuerySystemTime(&ev->Record.Time);
        ev->Record.PathLength = 0;
        if (Path != NULL && Path->Buffer != NULL) {
            copy = min(Path->Length, (USHORT)sizeof(ev->Record.Path));
            RtlCopyMemory(ev->Record.Path, Path->Buffer, copy);
            ev->Record.PathLength = copy;
        }
        SnQueuePush(&g_Sn.Queue, ev);
    }

    ExReleaseRundownProtection(&g_Sn.CallbackRundown);
}

static VOID
SnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        SnPostEvent(SnEventProcessCreate, ProcessId, CreateInfo->ParentProcessId,
                    CreateInfo->ImageFileName);

        if (g_Sn.Config.ProtectAgent && CreateInfo->ImageFileName != NULL &&
            SnConfigIsProtectedImage(CreateInfo->ImageFileName)) {
            InterlockedExchangePointer((PVOID volatile *)&g_Sn.AgentProcessId, ProcessId);
        }
    } else {
        SnPostEvent(SnEventProcessExit, ProcessId, NULL, NULL);
        InterlockedCompareExchangePointer((PVOID volatile *)&g_Sn.AgentProcessId, NULL, ProcessId);
    }
}

static VOID
SnImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(ImageInfo);

    SnPostEvent(SnEventImageLoad, ProcessId, NULL, FullImageName);
}

static OB_PREOP_CALLBACK_STATUS
SnObPreOperation(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE target;
    PACCESS_MASK access;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || g_Sn.AgentProcessId == NULL) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target != g_Sn.AgentProcessId || target == PsGetCurrentProcessId()) {
        return OB_PREOP_SUCCESS;
    }

    access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                 ? &Info->Parameters->CreateHandleInformation.DesiredAccess
                 : &Info->Parameters->DuplicateHandleInformation.DesiredAccess;

    if (*access & SN_PROCESS_DENY_MASK) {
        *access &= ~SN_PROCESS_DENY_MASK;
        SnPostEvent(SnEventHandleStripped, PsGetCurrentProcessId(), target, NULL);
    }

    return OB_PREOP_SUCCESS;
}

static NTSTATUS
SnRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_SET_VALUE_KEY_INFORMATION info = Argument2;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (cls == RegNtPreSetValueKey && info != NULL && g_Sn.Config.RegistryMonitor) {
        SnPostEvent(SnEventRegistrySetValue, PsGetCurrentProcessId(), NULL, info->ValueName);
    }

    return STATUS_SUCCESS;
}

NTSTATUS
SnCallbacksInit(
    _Inout_ PSN_GLOBALS Globals
    )
{
    NTSTATUS status;
    OB_OPERATION_REGISTRATION obOps[1];
    OB_CALLBACK_REGISTRATION obReg;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(SN_ALTITUDE);

    status = PsSetCreateProcessNotifyRoutineEx(SnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        SN_ERR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        goto Exit;
    }
    Globals->ProcessNotifyRegistered = TRUE;

    status = PsSetLoadImageNotifyRoutine(SnImageNotify);
    if (!NT_SUCCESS(status)) {
        SN_ERR("PsSetLoadImageNotifyRoutine 0x%08X", status);
        goto RemoveProcess;
    }
    Globals->ImageNotifyRegistered = TRUE;

    RtlZeroMemory(obOps, sizeof(obOps));
    obOps[0].ObjectType = PsProcessType;
    obOps[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    obOps[0].PreOperation = SnObPreOperation;
    obOps[0].PostOperation = NULL;

    RtlZeroMemory(&obReg, sizeof(obReg));
    obReg.Version = OB_FLT_REGISTRATION_VERSION;
    obReg.OperationRegistrationCount = RTL_NUMBER_OF(obOps);
    obReg.Altitude = altitude;
    obReg.RegistrationContext = Globals;
    obReg.OperationRegistration = obOps;

    status = ObRegisterCallbacks(&obReg, &Globals->ObRegistrationHandle);
    if (!NT_SUCCESS(status)) {
        SN_ERR("ObRegisterCallbacks 0x%08X", status);
        Globals->ObRegistrationHandle = NULL;
        goto RemoveProcess;
    }

    status = CmRegisterCallbackEx(SnRegistryCallback,
                                  &altitude,
                                  Globals->DriverObject,
                                  Globals,
                                  &Globals->CmCookie,
                                  NULL);
    if (!NT_SUCCESS(status)) {
        SN_ERR("CmRegisterCallbackEx 0x%08X", status);
        goto UnregisterOb;
    }
    Globals->CmRegistered = TRUE;

    return STATUS_SUCCESS;

UnregisterOb:
    ObUnRegisterCallbacks(Globals->ObRegistrationHandle);
    Globals->ObRegistrationHandle = NULL;

    PsRemoveLoadImageNotifyRoutine(SnImageNotify);
    Globals->ImageNotifyRegistered = FALSE;

RemoveProcess:
    PsSetCreateProcessNotifyRoutineEx(SnProcessNotify, TRUE);
    Globals->ProcessNotifyRegistered = FALSE;

Exit:
    return status;
}

VOID
SnCallbacksFini(
    _Inout_ PSN_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->CmRegistered) {
        CmUnRegisterCallback(Globals->CmCookie);
        Globals->CmRegistered = FALSE;
    }

    if (Globals->ObRegistrationHandle != NULL) {
        ObUnRegisterCallbacks(Globals->ObRegistrationHandle);
        Globals->ObRegistrationHandle = NULL;
    }

    if (Globals->ImageNotifyRegistered) {
        PsRemoveLoadImageNotifyRoutine(SnImageNotify);
        Globals->ImageNotifyRegistered = FALSE;
    }

    if (Globals->ProcessNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(SnProcessNotify, TRUE);
        Globals->ProcessNotifyRegistered = FALSE;
    }
}
