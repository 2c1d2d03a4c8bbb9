//
// RegFilter.cpp - CmRegisterCallbackEx plumbing.
//
#include "regflt.h"

namespace regflt {

LARGE_INTEGER RegFilter::s_Cookie;
volatile LONG RegFilter::s_State   = static_cast<LONG>(FilterState::Stopped);
volatile LONG RegFilter::s_Blocked = 0;

namespace {

PVOID KeyObjectFor(REG_NOTIFY_CLASS NotifyClass, PVOID Info)
{
    switch (NotifyClass) {
    case RegNtPreSetValueKey:
        return static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Info)->Object;
    case RegNtPreDeleteValueKey:
        return static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Info)->Object;
    case RegNtPreDeleteKey:
        return static_cast<PREG_DELETE_KEY_INFORMATION>(Info)->Object;
    case RegNtPreRenameKey:
        return static_cast<PREG_RENAME_KEY_INFORMATION>(Info)->Object;
    default:
        return nullptr;
    }
}

} // anonymous namespace

NTSTATUS
RegFilter::OnRegistryOp(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == nullptr || s_State != static_cast<LONG>(FilterState::Active)) {
        return STATUS_SUCCESS;
    }

    const auto notifyClass = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));
    PVOID keyObject = KeyObjectFor(notifyClass, Argument2);
    if (keyObject == nullptr) {
        return STATUS_SUCCESS;
    }

    ScopedKeyName name(keyObject);
    if (!name.valid()) {
        return STATUS_SUCCESS;
    }

    // never get in the way of our own configuration
    if (RtlPrefixUnicodeString(Config::ServiceKey(), name.get(), TRUE)) {
        return STATUS_SUCCESS;
    }

    if (!Config::IsProtected(name.get())) {
        return STATUS_SUCCESS;
    }

    InterlockedIncrement(&s_Blocked);
    RF_LOG("%s class=%d key=%wZ pid=%p",
           Config::Mode() == ModeBlock ? "BLOCK" : "audit",
           static_cast<int>(notifyClass), name.get(), PsGetCurrentProcessId());

    return Config::Mode() == ModeBlock ? STATUS_ACCESS_DENIED : STATUS_SUCCESS;
}

NTSTATUS
RegFilter::Register(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RF_ALTITUDE);

    InterlockedExchange(&s_State, static_cast<LONG>(FilterState::Registering));

    NTSTATUS status = CmRegisterCallbackEx(&RegFilter::OnRegistryOp, &altitude, DriverObject,
                                           nullptr, &s_Cookie, nullptr);

    InterlockedExchange(&s_State, NT_SUCCESS(status) ? static_cast<LONG>(FilterState::Active)
                                                     : static_cast<LONG>(FilterState::Stopped));
    return status;
}

void
RegFilter::Unregister()
{
    if (InterlockedCompareExchange(&s_State, static_cast<LONG>(FilterState::Stopped),
                                   static_cast<LONG>(FilterState::Active))
        == static_cast<LONG>(FilterState::Active)) {
        NTSTATUS status = CmUnRegisterCallback(s_Cookie);
        if (!NT_SUCCESS(status)) {
            RF_LOG("CmUnRegisterCallback 0x%08X", status);
        }
    }
}

} // namespace regflt
