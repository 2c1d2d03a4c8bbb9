/*
 * regcb.c - the configuration manager callback
 */
#include "regmon.h"

static const UNICODE_STRING s_RunSuffixes[] = {
    RTL_CONSTANT_STRING(L"\\Microsoft\\Windows\\CurrentVersion\\Run"),
    RTL_CONSTANT_STRING(L"\\Microsoft\\Windows\\CurrentVersion\\RunOnce"),
};

static BOOLEAN
RmEndsWith(PCUNICODE_STRING Name, PCUNICODE_STRING Suffix)
{
    UNICODE_STRING tail;

    if (Name->Length < Suffix->Length) {
        return FALSE;
    }
    tail.Buffer        = (PWCH)((PUCHAR)Name->Buffer + Name->Length - Suffix->Length);
    tail.Length        = Suffix->Length;
    tail.MaximumLength = Suffix->Length;

    return RtlEqualUnicodeString(&tail, Suffix, TRUE);
}

static BOOLEAN
RmIsRunKey(PVOID KeyObject)
{
    PCUNICODE_STRING keyName = NULL;
    BOOLEAN hit = FALSE;
    ULONG i;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rm.Cookie, KeyObject, NULL, &keyName, 0))) {
        return FALSE;
    }

    for (i = 0; i < RTL_NUMBER_OF(s_RunSuffixes); i++) {
        if (RmEndsWith(keyName, &s_RunSuffixes[i])) {
            hit = TRUE;
            break;
        }
    }

    if (hit) {
        RMLOG(RM_LOG_BLOCKED, ("write to %wZ\n", keyName));
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return hit;
}

NTSTATUS
RmRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS notifyClass = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    switch (notifyClass) {

    case RegNtPreSetValueKey: {
        PREG_SET_VALUE_KEY_INFORMATION info = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;

        InterlockedIncrement(&g_Rm.Counters.SetValue);
        if (g_Rm.BlockRunKeys && RmIsRunKey(info->Object)) {
            InterlockedIncrement(&g_Rm.Counters.Blocked);
            RMLOG(RM_LOG_BLOCKED, ("blocked set of value %wZ\n", info->ValueName));
            status = STATUS_ACCESS_DENIED;
        }
        break;
    }

    case RegNtPreDeleteValueKey: {
        PREG_DELETE_VALUE_KEY_INFORMATION info = (PREG_DELETE_VALUE_KEY_INFORMATION)Argument2;

        InterlockedIncrement(&g_Rm.Counters.DeleteValue);
        RMLOG(RM_LOG_ALL, ("delete value %wZ\n", info->ValueName));
        break;
    }

    case RegNtPreCreateKeyEx: {
        PREG_CREATE_KEY_INFORMATION info = (PREG_CREATE_KEY_INFORMATION)Argument2;

        InterlockedIncrement(&g_Rm.Counters.CreateKey);
        RMLOG(RM_LOG_ALL, ("create key %wZ\n", info->CompleteName));
        break;
    }

    case RegNtPreDeleteKey:
        InterlockedIncrement(&g_Rm.Counters.DeleteKey);
        break;

    default:
        break;
    }

    return status;
}
