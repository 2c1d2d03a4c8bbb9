#include "regguard.h"

static BOOLEAN
RgIsProtected(
    _In_ PVOID KeyObject
    )
{
    PCUNICODE_STRING keyName = NULL;
    BOOLEAN hit = FALSE;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rg.Cookie, KeyObject, NULL, &keyName, 0)))
        return FALSE;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_Rg.Lock, TRUE);
    if (g_Rg.ProtectedKey.Length != 0)
        hit = RtlPrefixUnicodeString(&g_Rg.ProtectedKey, keyName, TRUE);
    ExReleaseResourceLite(&g_Rg.Lock);
    KeLeaveCriticalRegion();

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return hit;
}

NTSTATUS
RgRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PVOID keyObject = NULL;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (!g_Rg.Enabled || Argument2 == NULL)
        return STATUS_SUCCESS;

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
    case RegNtPreRenameKey:
        keyObject = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (ExGetPreviousMode() == KernelMode)
        return STATUS_SUCCESS;

    if (RgIsProtected(keyObject)) {
        InterlockedIncrement(&g_Rg.Denied);
        RG_INFO("denied op %d from pid %u", cls, HandleToULong(PsGetCurrentProcessId()));
        return STATUS_ACCESS_DENIED;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
RgReplaceProtectedKey(
    _In_ PCUNICODE_STRING NewKey
    )
{
    UNICODE_STRING copy;
    UNICODE_STRING old;
    NTSTATUS status;

    status = RgCopyString(NewKey, &copy);
    if (!NT_SUCCESS(status))
        return status;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_Rg.Lock, TRUE);
    old = g_Rg.ProtectedKey;
    g_Rg.ProtectedKey = copy;
    ExReleaseResourceLite(&g_Rg.Lock);
    KeLeaveCriticalRegion();

    RgFreeString(&old);
    return STATUS_SUCCESS;
}
