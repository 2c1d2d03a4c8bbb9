/*
 * regfilter.c - CmRegisterCallbackEx glue + event queue
 */
#include "regmon.h"

static EX_CALLBACK_FUNCTION RmRegistryCallback;

static VOID RmCopyName(PWCHAR Dst, ULONG DstChars, PCUNICODE_STRING Src)
{
    ULONG chars;

    if (Src == NULL || Src->Buffer == NULL) {
        Dst[0] = L'\0';
        return;
    }
    chars = Src->Length / sizeof(WCHAR);
    if (chars >= DstChars)
        chars = DstChars - 1;
    RtlCopyMemory(Dst, Src->Buffer, chars * sizeof(WCHAR));
    Dst[chars] = L'\0';
}

static BOOLEAN RmIsOwnKey(PCUNICODE_STRING KeyName)
{
    /* registry path we were started with is \REGISTRY\MACHINE\...\Services\RegMon */
    if (g_Rm.ServiceKey.Length == 0)
        return FALSE;
    return RtlPrefixUnicodeString(&g_Rm.ServiceKey, KeyName, TRUE);
}

static VOID RmQueueEvent(ULONG Op, PVOID KeyObject, PCUNICODE_STRING ValueName)
{
    PCUNICODE_STRING keyName = NULL;
    PRM_EVENT ev;
    KIRQL irql;
    NTSTATUS status;

    status = CmCallbackGetKeyObjectIDEx(&g_Rm.Cookie, KeyObject, NULL, &keyName, 0);
    if (!NT_SUCCESS(status))
        return;

    if (RmIsOwnKey(keyName))
        goto out;

    ev = (PRM_EVENT)ExAllocateFromNPagedLookasideList(&g_Rm.EventPool);
    if (ev == NULL)
        goto out;

    KeQuerySystemTimePrecise(&ev->Data.Time);
    ev->Data.ProcessId = HandleToULong(PsGetCurrentProcessId());
    ev->Data.Operation = Op;
    RmCopyName(ev->Data.Key, RM_KEY_CHARS, keyName);
    RmCopyName(ev->Data.Value, RM_VALUE_CHARS, ValueName);

    KeAcquireSpinLock(&g_Rm.EventLock, &irql);
    if (g_Rm.EventCount >= RM_MAX_EVENTS) {
        /* drop the oldest one */
        PLIST_ENTRY old = RemoveHeadList(&g_Rm.EventList);
        ExFreeToNPagedLookasideList(&g_Rm.EventPool, CONTAINING_RECORD(old, RM_EVENT, Link));
        g_Rm.EventCount--;
    }
    InsertTailList(&g_Rm.EventList, &ev->Link);
    g_Rm.EventCount++;
    KeReleaseSpinLock(&g_Rm.EventLock, irql);

out:
    CmCallbackReleaseKeyObjectIDEx(keyName);
}

static NTSTATUS RmRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (ExGetPreviousMode() == KernelMode)
        return STATUS_SUCCESS;

    switch (cls) {
    case RegNtPreSetValueKey: {
        PREG_SET_VALUE_KEY_INFORMATION info = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;
        RmQueueEvent(RM_OP_SET_VALUE, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteValueKey: {
        PREG_DELETE_VALUE_KEY_INFORMATION info = (PREG_DELETE_VALUE_KEY_INFORMATION)Argument2;
        RmQueueEvent(RM_OP_DELETE_VALUE, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteKey: {
        PREG_DELETE_KEY_INFORMATION info = (PREG_DELETE_KEY_INFORMATION)Argument2;
        RmQueueEvent(RM_OP_DELETE_KEY, info->Object, NULL);
        break;
    }
    default:
        break;
    }

    /* monitor only, never block */
    return STATUS_SUCCESS;
}

NTSTATUS RmRegisterCallback(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RM_ALTITUDE);
    NTSTATUS status;

    status = CmRegisterCallbackEx(RmRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Rm.Cookie, NULL);
    if (NT_SUCCESS(status))
        g_Rm.CallbackRegistered = TRUE;
    return status;
}

VOID RmUnregisterCallback(VOID)
{
    if (g_Rm.CallbackRegistered) {
        CmUnRegisterCallback(g_Rm.Cookie);
        g_Rm.CallbackRegistered = FALSE;
    }
}

ULONG RmDrainEvents(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length)
{
    PRM_EVENT_DATA out = (PRM_EVENT_DATA)Buffer;
    ULONG copied = 0;
    KIRQL irql;

    KeAcquireSpinLock(&g_Rm.EventLock, &irql);
    while (!IsListEmpty(&g_Rm.EventList) && (copied + 1) * sizeof(RM_EVENT_DATA) <= Length) {
        PLIST_ENTRY e = RemoveHeadList(&g_Rm.EventList);
        PRM_EVENT ev = CONTAINING_RECORD(e, RM_EVENT, Link);
        out[copied++] = ev->Data;
        g_Rm.EventCount--;
        ExFreeToNPagedLookasideList(&g_Rm.EventPool, ev);
    }
    KeReleaseSpinLock(&g_Rm.EventLock, irql);

    return copied * sizeof(RM_EVENT_DATA);
}

VOID RmFreeAllEvents(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Rm.EventLock, &irql);
    while (!IsListEmpty(&g_Rm.EventList)) {
        PLIST_ENTRY e = RemoveHeadList(&g_Rm.EventList);
        ExFreeToNPagedLookasideList(&g_Rm.EventPool, CONTAINING_RECORD(e, RM_EVENT, Link));
    }
    g_Rm.EventCount = 0;
    KeReleaseSpinLock(&g_Rm.EventLock, irql);
}
