/*
 * sensor.c - process start/stop counters and a registry tamper guard for
 * our own service key
 */
#include "kmdfsensor.h"

static EX_CALLBACK_FUNCTION KsRegistryCallback;

static VOID
KsProcessNotify(_Inout_ PEPROCESS Process,
                _In_ HANDLE ProcessId,
                _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        InterlockedIncrement(&g_Ks.Counters.ProcessStarts);
        if (g_Ks.Verbose) {
            TraceEvents(TRACE_LEVEL_INFO, TRACE_SENSOR, "start pid %p %wZ",
                        ProcessId, CreateInfo->ImageFileName);
        }
    } else {
        InterlockedIncrement(&g_Ks.Counters.ProcessExits);
    }
}

static BOOLEAN
KsIsOurKey(_In_ PVOID KeyObject)
{
    PCUNICODE_STRING name = NULL;
    UNICODE_STRING suffix = RTL_CONSTANT_STRING(KS_SERVICE_SUFFIX);
    UNICODE_STRING tail;
    BOOLEAN match = FALSE;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Ks.CmCookie, KeyObject, NULL, &name, 0))) {
        return FALSE;
    }

    if (name->Length >= suffix.Length) {
        tail.Buffer = (PWCH)((PUCHAR)name->Buffer + name->Length - suffix.Length);
        tail.Length = suffix.Length;
        tail.MaximumLength = suffix.Length;
        match = RtlEqualUnicodeString(&tail, &suffix, TRUE);
    }

    CmCallbackReleaseKeyObjectIDEx(name);
    return match;
}

static NTSTATUS
KsRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PVOID keyObject = NULL;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (!g_Ks.BlockRegistryTamper || Argument2 == NULL || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreDeleteKey:
        keyObject = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreSetValueKey:
        keyObject = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (KsIsOurKey(keyObject)) {
        InterlockedIncrement(&g_Ks.Counters.RegistryBlocked);
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
KsSensorStart(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(KS_ALTITUDE);

    status = PsSetCreateProcessNotifyRoutineEx(KsProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_SENSOR, "process notify 0x%08X", status);
        return status;
    }
    g_Ks.ProcRegistered = TRUE;

    status = CmRegisterCallbackEx(KsRegistryCallback, &altitude, DriverObject, NULL,
                                  &g_Ks.CmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_SENSOR, "CmRegisterCallbackEx 0x%08X", status);
        PsSetCreateProcessNotifyRoutineEx(KsProcessNotify, TRUE);
        g_Ks.ProcRegistered = FALSE;
        return status;
    }
    g_Ks.CmRegistered = TRUE;

    return STATUS_SUCCESS;
}

VOID
KsSensorStop(VOID)
{
    if (g_Ks.CmRegistered) {
        CmUnRegisterCallback(g_Ks.CmCookie);
        g_Ks.CmRegistered = FALSE;
    }
    if (g_Ks.ProcRegistered) {
        PsSetCreateProcessNotifyRoutineEx(KsProcessNotify, TRUE);
        g_Ks.ProcRegistered = FALSE;
    }
}
