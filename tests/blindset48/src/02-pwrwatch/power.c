/*
 * power.c - \Callback\PowerState and AC/DC power setting plumbing.
 */
#include "pwrwatch.h"

static CALLBACK_FUNCTION       PwPowerStateCallback;
static POWER_SETTING_CALLBACK  PwAcDcCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PwPowerInit)
#pragma alloc_text(PAGE, PwPowerUninit)
#endif

static const PCSTR g_StateNames[] = {
    "Idle", "Active", "SleepPending", "Resuming", "ShuttingDown"
};

PCSTR
PwStateName(_In_ LONG State)
{
    if (State >= 0 && State < (LONG)ARRAYSIZE(g_StateNames)) {
        return g_StateNames[State];
    }
    return "?";
}

static VOID
PwSetState(_In_ PW_STATE NewState)
{
    LONG old = InterlockedExchange(&g_Pw.State, (LONG)NewState);

    if (g_Pw.Config.LogTransitions) {
        PW_INFO("%s -> %s", PwStateName(old), PwStateName((LONG)NewState));
    }
}

/*
 * Called through the executive callback object. Argument1 is the PO_CB_xxx
 * reason, Argument2 its parameter.
 */
static VOID
PwPowerStateCallback(_In_opt_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    PW_GLOBALS *pw = (PW_GLOBALS *)CallbackContext;
    KIRQL       irql;

    if (pw == NULL || pw->State == PwStateShuttingDown) {
        return;
    }

    switch ((ULONG_PTR)Argument1) {
    case PO_CB_SYSTEM_STATE_LOCK:
        if (Argument2 == (PVOID)0) {
            /* entering a sleep state */
            KeAcquireSpinLock(&pw->Lock, &irql);
            pw->SleepCount++;
            KeReleaseSpinLock(&pw->Lock, irql);
            PwSetState(PwStateSleepPending);
        } else {
            PwSetState(PwStateResuming);
            PwSetState(PwStateActive);
        }
        break;

    case PO_CB_AC_STATUS:
        PW_INFO("PO_CB_AC_STATUS %p", Argument2);
        break;

    default:
        break;
    }
}

static NTSTATUS
PwAcDcCallback(_In_ LPCGUID SettingGuid, _In_reads_bytes_(ValueLength) PVOID Value,
               _In_ ULONG ValueLength, _Inout_opt_ PVOID Context)
{
    PW_GLOBALS *pw = (PW_GLOBALS *)Context;
    ULONG       onAc;
    KIRQL       irql;

    if (pw == NULL || !IsEqualGUID(SettingGuid, &GUID_ACDC_POWER_SOURCE) ||
        ValueLength != sizeof(ULONG)) {
        return STATUS_SUCCESS;
    }

    onAc = (*(PULONG)Value == PoAc) ? 1 : 0;

    KeAcquireSpinLock(&pw->Lock, &irql);
    if (pw->OnAc != onAc) {
        pw->OnAc = onAc;
        pw->AcDcFlips++;
    }
    KeReleaseSpinLock(&pw->Lock, irql);

    PW_INFO("power source now %s", onAc ? "AC" : "DC");
    return STATUS_SUCCESS;
}

NTSTATUS
PwPowerInit(_In_ PDEVICE_OBJECT DeviceObject)
{
    UNICODE_STRING    cbName = RTL_CONSTANT_STRING(PW_POWERSTATE_NAME);
    OBJECT_ATTRIBUTES oa;
    NTSTATUS          status;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, &cbName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    PW_CHECK(ExCreateCallback(&g_Pw.PowerStateObject, &oa, FALSE, TRUE), Exit);

    g_Pw.PowerStateRegistration = ExRegisterCallback(g_Pw.PowerStateObject,
                                                     PwPowerStateCallback, &g_Pw);
    if (g_Pw.PowerStateRegistration == NULL) {
        PW_ERROR("ExRegisterCallback failed");
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto DerefObject;
    }

    /* the power manager calls back right away with the current source */
    PW_CHECK(PoRegisterPowerSettingCallback(DeviceObject, &GUID_ACDC_POWER_SOURCE,
                                            PwAcDcCallback, &g_Pw,
                                            &g_Pw.AcDcSettingHandle), UnregisterState);

    return STATUS_SUCCESS;

UnregisterState:
    ExUnregisterCallback(g_Pw.PowerStateRegistration);
    g_Pw.PowerStateRegistration = NULL;
DerefObject:
    ObDereferenceObject(g_Pw.PowerStateObject);
    g_Pw.PowerStateObject = NULL;
Exit:
    return status;
}

VOID
PwPowerUninit(VOID)
{
    PAGED_CODE();

    if (g_Pw.AcDcSettingHandle != NULL) {
        ExUnregisterCallback(g_Pw.AcDcSettingHandle);
        g_Pw.AcDcSettingHandle = NULL;
    }

    if (g_Pw.PowerStateRegistration != NULL) {
        ExUnregisterCallback(g_Pw.PowerStateRegistration);
        g_Pw.PowerStateRegistration = NULL;
    }

    /* \Callback\PowerState is a system object, it stays around after us */
}
