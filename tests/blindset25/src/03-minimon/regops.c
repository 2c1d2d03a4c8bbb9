/*
 * regops.c - registry callback, only RegNtPreSetValueKey for now
 */
#include "minimon.h"

NTSTATUS MmRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_SET_VALUE_KEY_INFORMATION info;
    PCUNICODE_STRING keyName = NULL;
    UNICODE_STRING text;
    WCHAR buffer[MM_TEXT_CHARS];
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (cls != RegNtPreSetValueKey || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }
    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    info = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;

    status = CmCallbackGetKeyObjectIDEx(&g_Mm.CmCookie, info->Object, NULL, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;
    }

    RtlInitEmptyUnicodeString(&text, buffer, sizeof(buffer));
    __try {
        /* ValueName can point into the caller's buffer */
        if (info->ValueName != NULL && info->ValueName->Buffer != NULL) {
            RtlUnicodeStringPrintf(&text, L"%wZ\\%wZ", keyName, info->ValueName);
        } else {
            RtlUnicodeStringPrintf(&text, L"%wZ\\(default)", keyName);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        RtlUnicodeStringPrintf(&text, L"%wZ\\<bad value name>", keyName);
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);

    MmAddRecord(MmKindRegSetValue, &text);
    return STATUS_SUCCESS;
}
