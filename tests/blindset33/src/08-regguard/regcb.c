/*
 * regcb.c - the configuration manager callback
 */
#include "regguard.h"

NTSTATUS
RgRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS notifyClass = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PCUNICODE_STRING keyName = NULL;
    PVOID object;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (notifyClass) {
    case RegNtPreSetValueKey:
        object = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        object = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteKey:
        object = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreRenameKey:
        object = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreSetInformationKey:
        object = ((PREG_SET_INFORMATION_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rg.Cookie, object, NULL, &keyName, 0))) {
        return STATUS_SUCCESS;
    }

    if (RgIsProtected(keyName)) {
        InterlockedIncrement(&g_Rg.Denied);
        RG_LOG("denied op %d on %wZ by pid %p", notifyClass, keyName, PsGetCurrentProcessId());
        status = STATUS_ACCESS_DENIED;
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return status;
}
