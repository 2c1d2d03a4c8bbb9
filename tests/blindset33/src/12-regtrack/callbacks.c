/*++
Module Name:
    callbacks.c

Abstract:
    The kernel callbacks regtrack installs, kept in one table so that
    DriverEntry's failure path and EvtDriverUnload undo exactly what was
    done, in reverse order.
--*/
#include "regtrack.h"

typedef NTSTATUS (*RT_REGISTER_FN)(_In_ PDRIVER_OBJECT DriverObject);
typedef VOID     (*RT_UNREGISTER_FN)(VOID);

typedef struct _RT_REGISTRATION {
    PCSTR            Name;
    RT_REGISTER_FN   Register;
    RT_UNREGISTER_FN Unregister;
    BOOLEAN          Active;
} RT_REGISTRATION;

static BOOLEAN
RtIsTracked(_In_ HANDLE ProcessId)
{
    LONG filter = g_Rt.PidFilter;
    return filter == 0 || HandleToLong(ProcessId) == filter;
}

/* ---- registry ------------------------------------------------------------ */

static NTSTATUS
RtRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);
    UNREFERENCED_PARAMETER(Argument2);

    if (!RtIsTracked(PsGetCurrentProcessId())) {
        return STATUS_SUCCESS;
    }

    switch ((REG_NOTIFY_CLASS)(ULONG_PTR)Argument1) {
    case RegNtPreSetValueKey:
        InterlockedIncrement64(&g_Rt.Counters.RegSetValue);
        break;
    case RegNtPreCreateKeyEx:
        InterlockedIncrement64(&g_Rt.Counters.RegCreateKey);
        break;
    case RegNtPreDeleteKey:
        InterlockedIncrement64(&g_Rt.Counters.RegDeleteKey);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
RtRegRegister(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RT_ALTITUDE);

    return CmRegisterCallbackEx(RtRegistryCallback, &altitude, DriverObject, NULL,
                                &g_Rt.RegCookie, NULL);
}

static VOID
RtRegUnregister(VOID)
{
    NTSTATUS status = CmUnRegisterCallback(g_Rt.RegCookie);
    if (!NT_SUCCESS(status)) {
        RT_LOG("CmUnRegisterCallback: 0x%08X", status);
    }
}

/* ---- processes ------------------------------------------------------------ */

static VOID
RtProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (!RtIsTracked(ProcessId)) {
        return;
    }
    if (CreateInfo != NULL) {
        InterlockedIncrement64(&g_Rt.Counters.ProcessCreates);
    } else {
        InterlockedIncrement64(&g_Rt.Counters.ProcessExits);
    }
}

static NTSTATUS
RtProcRegister(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    return PsSetCreateProcessNotifyRoutineEx(RtProcessNotify, FALSE);
}

static VOID
RtProcUnregister(VOID)
{
    PsSetCreateProcessNotifyRoutineEx(RtProcessNotify, TRUE);
}

/* ---- threads ---------------------------------------------------------------- */

static VOID
RtThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ThreadId);

    if (!RtIsTracked(ProcessId)) {
        return;
    }
    if (Create) {
        InterlockedIncrement64(&g_Rt.Counters.ThreadCreates);
    } else {
        InterlockedIncrement64(&g_Rt.Counters.ThreadExits);
    }
}

static NTSTATUS
RtThreadRegister(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    return PsSetCreateThreadNotifyRoutine(RtThreadNotify);
}

static VOID
RtThreadUnregister(VOID)
{
    PsRemoveCreateThreadNotifyRoutine(RtThreadNotify);
}

/* ---- table ------------------------------------------------------------------- */

static RT_REGISTRATION g_Registrations[] = {
    { "registry callback",     RtRegRegister,    RtRegUnregister,    FALSE },
    { "process notify (Ex)",   RtProcRegister,   RtProcUnregister,   FALSE },
    { "thread notify",         RtThreadRegister, RtThreadUnregister, FALSE },
};

NTSTATUS
RtRegisterAll(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < RTL_NUMBER_OF(g_Registrations); i++) {
        status = g_Registrations[i].Register(DriverObject);
        if (!NT_SUCCESS(status)) {
            RT_LOG("%s: registration failed 0x%08X", g_Registrations[i].Name, status);
            break;
        }
        g_Registrations[i].Active = TRUE;
    }

    if (!NT_SUCCESS(status)) {
        RtUnregisterAll();
    }
    return status;
}

VOID
RtUnregisterAll(VOID)
{
    ULONG i = RTL_NUMBER_OF(g_Registrations);

    PAGED_CODE();

    while (i-- > 0) {
        if (g_Registrations[i].Active) {
            g_Registrations[i].Unregister();
            g_Registrations[i].Active = FALSE;
        }
    }
}
