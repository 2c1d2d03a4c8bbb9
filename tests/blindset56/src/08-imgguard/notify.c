#include "imgguard.h"

static const UNICODE_STRING ServicesPrefix =
    RTL_CONSTANT_STRING(L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\");

/*
 * Kernel image loads: we cannot stop the load from here, so a hit only
 * becomes an alert for the service to act on.
 */
VOID IgImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    WCHAR matched[IG_NAME_CHARS];

    UNREFERENCED_PARAMETER(ProcessId);

    if (!ImageInfo->SystemModeImage) {
        return;
    }

    if (IgBlocklistMatch(FullImageName, matched)) {
        IgLog("vulnerable driver loaded: %wZ at %p\n", FullImageName, ImageInfo->ImageBase);
        IgAlertPush(IgAlertDriverLoad, matched);
    }
}

/*
 * Registry: refuse creating a service key named after a blocklisted driver,
 * that is what stops "sc create" + "sc start" of a known bad driver.
 */
NTSTATUS IgRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS           cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_CREATE_KEY_INFORMATION info;
    UNICODE_STRING             subKey;
    UNICODE_STRING             withExt;
    WCHAR                      nameBuf[IG_NAME_CHARS];
    WCHAR                      matched[IG_NAME_CHARS];

    UNREFERENCED_PARAMETER(CallbackContext);

    if (cls != RegNtPreCreateKeyEx || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    info = (PREG_CREATE_KEY_INFORMATION)Argument2;
    if (info->CompleteName == NULL || info->CompleteName->Buffer == NULL) {
        return STATUS_SUCCESS;
    }

    /* only absolute paths are handled, relative opens under Services are rare enough */
    if (!RtlPrefixUnicodeString(&ServicesPrefix, info->CompleteName, TRUE)) {
        return STATUS_SUCCESS;
    }

    subKey.Buffer        = info->CompleteName->Buffer + ServicesPrefix.Length / sizeof(WCHAR);
    subKey.Length        = info->CompleteName->Length - ServicesPrefix.Length;
    subKey.MaximumLength = subKey.Length;

    if (subKey.Length == 0 || subKey.Length > (IG_NAME_CHARS - 5) * sizeof(WCHAR)) {
        return STATUS_SUCCESS;
    }

    /* service names don't carry the .sys, add it so the blocklist matches */
    RtlInitEmptyUnicodeString(&withExt, nameBuf, sizeof(nameBuf));
    RtlCopyUnicodeString(&withExt, &subKey);
    RtlAppendUnicodeToString(&withExt, L".sys");

    if (IgBlocklistMatch(&withExt, matched)) {
        IgLog("denied service key %wZ (pid %p)\n", info->CompleteName, PsGetCurrentProcessId());
        IgAlertPush(IgAlertServiceKey, matched);
        return STATUS_ACCESS_DENIED;
    }

    return STATUS_SUCCESS;
}
