/*
 * callback.c - the registry filter callback itself
 */
#include "regguard.h"

static NTSTATUS
RgCheckObject(PVOID KeyObject, PCSTR Op)
{
    PCUNICODE_STRING name = NULL;
    NTSTATUS status;

    status = CmCallbackGetKeyObjectIDEx(&g_Rg.Cookie, KeyObject, NULL, &name, 0);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;          /* fail open */
    }

    if (RgIsProtected(name)) {
        InterlockedIncrement(&g_Rg.Blocked);
        RGLOG("blocked %s on %wZ\n", Op, name);
        status = STATUS_ACCESS_DENIED;
    } else {
        status = STATUS_SUCCESS;
    }

    CmCallbackReleaseKeyObjectIDEx(name);
    return status;
}

NTSTATUS
RgRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    /* let ourselves re-read our own configuration */
    if (PsGetCurrentProcessId() == (HANDLE)4 && KeGetCurrentIrql() == PASSIVE_LEVEL) {
        /* system process - still filtered */
    }

    switch (cls) {
    case RegNtPreSetValueKey:
        return RgCheckObject(((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object, "SetValue");
    case RegNtPreDeleteValueKey:
        return RgCheckObject(((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object, "DeleteValue");
    case RegNtPreDeleteKey:
        return RgCheckObject(((PREG_DELETE_KEY_INFORMATION)Argument2)->Object, "DeleteKey");
    case RegNtPreRenameKey:
        return RgCheckObject(((PREG_RENAME_KEY_INFORMATION)Argument2)->Object, "RenameKey");
    default:
        break;
    }
    return STATUS_SUCCESS;
}
