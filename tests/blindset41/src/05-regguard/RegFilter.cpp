#include "regguard.h"

namespace {

// keys commonly abused for persistence
constexpr PCWSTR kDefaultKeys[] = {
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options",
};

bool IsOwnServiceKey(PCUNICODE_STRING KeyName)
{
    return g_Rg.ServiceKey != nullptr && RtlPrefixUnicodeString(g_Rg.ServiceKey, KeyName, TRUE);
}

PVOID KeyObjectFor(REG_NOTIFY_CLASS Notify, PVOID Argument2)
{
    switch (Notify) {
    case RegNtPreSetValueKey:
        return static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2)->Object;
    case RegNtPreDeleteValueKey:
        return static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2)->Object;
    case RegNtPreDeleteKey:
        return static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2)->Object;
    case RegNtPreRenameKey:
        return static_cast<PREG_RENAME_KEY_INFORMATION>(Argument2)->Object;
    default:
        return nullptr;
    }
}

} // namespace

NTSTATUS FilterContext::Initialize(bool auditOnly)
{
    KeyCount = 0;
    Denied = 0;
    Seen = 0;
    AuditOnly = auditOnly;

    for (auto key : kDefaultKeys) {
        if (KeyCount >= RG_MAX_KEYS) {
            return STATUS_BUFFER_OVERFLOW;
        }
        RtlInitUnicodeString(&Keys[KeyCount++], key);
    }
    return STATUS_SUCCESS;
}

bool FilterContext::IsProtected(PCUNICODE_STRING KeyName) const
{
    for (ULONG i = 0; i < KeyCount; i++) {
        if (RtlPrefixUnicodeString(&Keys[i], KeyName, TRUE)) {
            return true;
        }
    }
    return false;
}

NTSTATUS RegFilter::OnRegistry(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    auto ctx = static_cast<FilterContext*>(CallbackContext);
    const auto notify = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    if (Argument2 == nullptr || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    PVOID keyObject = KeyObjectFor(notify, Argument2);
    if (keyObject == nullptr) {
        return STATUS_SUCCESS;
    }

    InterlockedIncrement(&ctx->Seen);

    PCUNICODE_STRING keyName = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Rg.Cookie, keyObject, nullptr, &keyName, 0))) {
        return STATUS_SUCCESS;
    }

    const bool hit = ctx->IsProtected(keyName) || IsOwnServiceKey(keyName);
    if (hit) {
        RgLog("%s op %d on %wZ by pid %lu",
              ctx->AuditOnly ? "audit" : "deny",
              static_cast<int>(notify), keyName, HandleToULong(PsGetCurrentProcessId()));
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);

    if (hit && !ctx->AuditOnly) {
        InterlockedIncrement(&ctx->Denied);
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}
