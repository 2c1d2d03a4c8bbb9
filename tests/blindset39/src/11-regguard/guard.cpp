//
// guard.cpp - registry callback that refuses user-mode changes under the
// protected key
//
#include "regguard.h"

namespace rg {

LARGE_INTEGER RegGuard::s_cookie;
bool          RegGuard::s_registered;
volatile LONG RegGuard::s_blocked;

bool RegGuard::IsProtected(PVOID KeyObject)
{
    PCUNICODE_STRING name = nullptr;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&s_cookie, KeyObject, nullptr, &name, 0)))
        return false;

    bool hit = RtlPrefixUnicodeString(Config::ProtectedKey(), name, TRUE) != FALSE;
    CmCallbackReleaseKeyObjectIDEx(name);
    return hit;
}

NTSTATUS RegGuard::OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);

    if (ExGetPreviousMode() == KernelMode || Argument2 == nullptr)
        return STATUS_SUCCESS;

    PVOID keyObject = nullptr;

    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1))) {
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

    if (keyObject && IsProtected(keyObject)) {
        InterlockedIncrement(&s_blocked);
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

NTSTATUS RegGuard::Start(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);

    NTSTATUS status = CmRegisterCallbackEx(OnRegistry, &altitude, DriverObject,
                                           nullptr, &s_cookie, nullptr);
    s_registered = NT_SUCCESS(status);
    return status;
}

void RegGuard::Stop()
{
    if (!s_registered)
        return;

    NTSTATUS status = CmUnRegisterCallback(s_cookie);
    if (!NT_SUCCESS(status))
        RGLOG("CmUnRegisterCallback 0x%08X", status);
    s_registered = false;
}

} // namespace rg
