/*
 * power.c - \Callback\PowerState and the secondary crash-dump callback.
 */
#include "heartbeat.h"

static CALLBACK_FUNCTION HbPowerStateCallback;
static KBUGCHECK_REASON_CALLBACK_ROUTINE HbBugCheckCallback;

static VOID
HbPowerStateCallback(
    _In_opt_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    PHB_STATE state = (PHB_STATE)CallbackContext;

    if (state == NULL || (ULONG_PTR)Argument1 != PO_CB_SYSTEM_STATE_LOCK) {
        return;
    }

    if (Argument2 == (PVOID)0) {
        /* Going to sleep: pause sampling. */
        KeClearEvent(&state->ResumeEvent);
    } else {
        state->Resumed = TRUE;
        KeSetEvent(&state->ResumeEvent, IO_NO_INCREMENT, FALSE);
    }
}

NTSTATUS
HbRegisterPowerCallback(_In_ PHB_STATE State)
{
    OBJECT_ATTRIBUTES   oa;
    UNICODE_STRING      name;
    NTSTATUS            status;

    RtlInitUnicodeString(&name, L"\\Callback\\PowerState");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ExCreateCallback(&g_Hb.PowerCallbackObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        g_Hb.PowerCallbackObject = NULL;
        return status;
    }

    HbStateReference(State);            /* held by the registration */

    g_Hb.PowerCallbackHandle = ExRegisterCallback(g_Hb.PowerCallbackObject,
                                                  HbPowerStateCallback, State);
    if (g_Hb.PowerCallbackHandle == NULL) {
        HbStateDereference(State);
        ObDereferenceObject(g_Hb.PowerCallbackObject);
        g_Hb.PowerCallbackObject = NULL;
        return STATUS_UNSUCCESSFUL;
    }

    return STATUS_SUCCESS;
}

VOID
HbUnregisterPowerCallback(VOID)
{
    if (g_Hb.PowerCallbackHandle != NULL) {
        ExUnregisterCallback(g_Hb.PowerCallbackHandle);
        g_Hb.PowerCallbackHandle = NULL;
        HbStateDereference(g_Hb.State);
    }
    if (g_Hb.PowerCallbackObject != NULL) {
        ObDereferenceObject(g_Hb.PowerCallbackObject);
        g_Hb.PowerCallbackObject = NULL;
    }
}

static VOID
HbBugCheckCallback(
    _In_ KBUGCHECK_CALLBACK_REASON Reason,
    _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
    _Inout_ PVOID ReasonSpecificData,
    _In_ ULONG ReasonSpecificDataLength
    )
{
    PKBUGCHECK_SECONDARY_DUMP_DATA dump = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA) ||
        g_Hb.State == NULL ||
        dump->MaximumAllowed < sizeof(g_Hb.State->Ring)) {
        return;
    }

    /* No locks at bugcheck time: copy the ring as it is. */
    dump->OutBuffer = g_Hb.State->Ring;
    dump->OutBufferLength = sizeof(g_Hb.State->Ring);
    dump->Guid = HB_DUMP_GUID;
}

BOOLEAN
HbRegisterBugCheckCallback(VOID)
{
    KeInitializeCallbackRecord(&g_Hb.BugCheckRecord);
    g_Hb.BugCheckRegistered = KeRegisterBugCheckReasonCallback(&g_Hb.BugCheckRecord,
                                                               HbBugCheckCallback,
                                                               KbCallbackSecondaryDumpData,
                                                               (PUCHAR)"SysHeartbeat");
    return g_Hb.BugCheckRegistered;
}

VOID
HbDeregisterBugCheckCallback(VOID)
{
    if (g_Hb.BugCheckRegistered) {
        KeDeregisterBugCheckReasonCallback(&g_Hb.BugCheckRecord);
        g_Hb.BugCheckRegistered = FALSE;
    }
}
