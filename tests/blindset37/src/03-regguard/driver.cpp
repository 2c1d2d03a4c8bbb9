//
// RegGuard - denies changes to HKLM\SOFTWARE\RegGuard (and below) unless the
// calling process image is on the allow-list.
//
#include "regguard.h"
#include "allowlist.h"

namespace {

LARGE_INTEGER   g_Cookie = {};
UNICODE_STRING  g_ProtectedKey = RTL_CONSTANT_STRING(RG_PROTECTED_KEY);
volatile LONG   g_Denied = 0;

const PCWSTR kDefaultAllowed[] = {
    L"services.exe",
    L"svchost.exe",
    L"TrustedInstaller.exe",
    L"RegGuardCtl.exe",
};

bool IsProtectedKey(PVOID keyObject)
{
    PCUNICODE_STRING keyName = nullptr;
    bool isProtected = false;

    NTSTATUS status = CmCallbackGetKeyObjectIDEx(&g_Cookie, keyObject, nullptr, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return false;
    }

    if (RtlPrefixUnicodeString(&g_ProtectedKey, keyName, TRUE)) {
        // exact match or a real sub key, not "RegGuardXYZ"
        if (keyName->Length == g_ProtectedKey.Length ||
            keyName->Buffer[g_ProtectedKey.Length / sizeof(WCHAR)] == L'\\') {
            isProtected = true;
        }
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return isProtected;
}

bool CallerAllowed()
{
    PUNICODE_STRING image = nullptr;

    if (!NT_SUCCESS(SeLocateProcessImageName(PsGetCurrentProcess(), &image))) {
        return false;
    }

    bool ok = rg::AllowList::IsAllowed(image);
    ExFreePool(image);
    return ok;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD    RgUnload;
static EX_CALLBACK_FUNCTION RgRegistryCallback;

static NTSTATUS RgRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    if (!Argument2) {
        return STATUS_SUCCESS;
    }

    PVOID keyObject = nullptr;
    const auto notifyClass = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    switch (notifyClass) {
    case RegNtPreSetValueKey:
        keyObject = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2)->Object;
        break;
    case RegNtPreDeleteKey:
        keyObject = static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2)->Object;
        break;
    case RegNtPreRenameKey:
        keyObject = static_cast<PREG_RENAME_KEY_INFORMATION>(Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    if (!IsProtectedKey(keyObject)) {
        return STATUS_SUCCESS;
    }

    if (CallerAllowed()) {
        return STATUS_SUCCESS;
    }

    InterlockedIncrement(&g_Denied);
    RG_LOG("denied op %d from pid %p", notifyClass, PsGetCurrentProcessId());
    return STATUS_ACCESS_DENIED;
}

static void RgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    NTSTATUS status = CmUnRegisterCallback(g_Cookie);
    if (!NT_SUCCESS(status)) {
        RG_ERR("CmUnRegisterCallback 0x%08X", status);
    }

    rg::AllowList::Destroy();

    RG_LOG("unloaded (%ld writes denied)", g_Denied);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);

    UNREFERENCED_PARAMETER(RegistryPath);

    RG_LOG("loading, protecting %wZ", &g_ProtectedKey);

    DriverObject->DriverUnload = RgUnload;

    if (!rg::AllowList::Initialize()) {
        RG_ERR("allow-list init failed");
        goto Exit;
    }

    for (auto name : kDefaultAllowed) {
        status = rg::AllowList::Add(name);
        if (!NT_SUCCESS(status)) {
            RG_ERR("AllowList::Add(%ws) 0x%08X", name, status);
            rg::AllowList::Destroy();
            goto Exit;
        }
    }

    status = CmRegisterCallbackEx(RgRegistryCallback, &altitude, DriverObject,
                                  nullptr, &g_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        RG_ERR("CmRegisterCallbackEx 0x%08X", status);
        rg::AllowList::Destroy();
        goto Exit;
    }

    RG_LOG("registry callback registered, cookie %I64x, %lu allowed images",
           g_Cookie.QuadPart, rg::AllowList::Count());

Exit:
    return status;
}
