/*
 * regfilter.c - configuration manager callback
 */
#include "regguard.h"

EX_CALLBACK_FUNCTION RgRegistryCallback;

/*
 * Does KeyName point at ...\Services\<ServiceName> or below it?
 * The hive prefix differs (CurrentControlSet vs ControlSet001) so only the
 * part from "\Services\" on is compared.
 */
static BOOLEAN RgIsOurKey(_In_ PCUNICODE_STRING KeyName)
{
    static const WCHAR marker[] = L"\\SERVICES\\";
    const USHORT markLen = (USHORT)(RTL_NUMBER_OF(marker) - 1);
    USHORT total = KeyName->Length / sizeof(WCHAR);
    USHORT nameLen = g_Rg.ServiceName.Length / sizeof(WCHAR);
    UNICODE_STRING tail;
    USHORT i, j;

    if (nameLen == 0) {
        return FALSE;
    }

    for (i = 0; (USHORT)(i + markLen) <= total; i++) {
        for (j = 0; j < markLen; j++) {
            if (RtlUpcaseUnicodeChar(KeyName->Buffer[i + j]) != marker[j]) {
                break;
            }
        }
        if (j != markLen) {
            continue;
        }

        tail.Buffer = &KeyName->Buffer[i + markLen];
        tail.Length = (USHORT)((total - i - markLen) * sizeof(WCHAR));
        tail.MaximumLength = tail.Length;

        if (tail.Length > g_Rg.ServiceName.Length) {
            /* subkey of ours?  must continue with a separator */
            if (tail.Buffer[nameLen] != L'\\') {
                return FALSE;
            }
            tail.Length = g_Rg.ServiceName.Length;
        }
        return RtlEqualUnicodeString(&tail, &g_Rg.ServiceName, TRUE);
    }
    return FALSE;
}

NTSTATUS RgRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PCUNICODE_STRING keyName = NULL;
    PVOID keyObject;
    NTSTATUS status;
    NTSTATUS result = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreSetValueKey:
        keyObject = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteKey:
        keyObject = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreRenameKey:
        keyObject = ((PREG_RENAME_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreSetInformationKey:
        keyObject = ((PREG_SET_INFORMATION_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    if (RgIsLauncher(PsGetCurrentProcessId())) {
        InterlockedIncrement(&g_Rg.Allowed);
        return STATUS_SUCCESS;
    }

    status = CmCallbackGetKeyObjectIDEx(&g_Rg.Cookie, keyObject, NULL, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;      /* fail open, never break the registry */
    }

    if (RgIsOurKey(keyName)) {
        RG_WARN("denied op %d on %wZ from pid %p\n", cls, keyName, PsGetCurrentProcessId());
        InterlockedIncrement(&g_Rg.Blocked);
        result = STATUS_ACCESS_DENIED;
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return result;
}

NTSTATUS RgStartRegistryFilter(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);
    NTSTATUS status;

    status = CmRegisterCallbackEx(RgRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Rg.Cookie, NULL);
    if (NT_SUCCESS(status)) {
        g_Rg.CmRegistered = TRUE;
    }
    return status;
}

VOID RgStopRegistryFilter(VOID)
{
    if (g_Rg.CmRegistered) {
        CmUnRegisterCallback(g_Rg.Cookie);
        g_Rg.CmRegistered = FALSE;
    }
}
