// RegFilter.cpp
#include "RegFilter.h"

namespace regmon {

// altitude lives for the whole life of the image; CmRegisterCallbackEx wants
// a minifilter-style number in the FSFilter Activity Monitor range
static UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(L"385201.5");

LARGE_INTEGER RegFilter::s_Cookie;
bool RegFilter::s_Registered;
ERESOURCE RegFilter::s_Lock;
UNICODE_STRING RegFilter::s_Prefixes[REGMON_MAX_PREFIXES];
ULONG RegFilter::s_PrefixCount;
Settings RegFilter::s_Settings = { static_cast<LONG>(Mode::Log), 0 };

NTSTATUS RegFilter::InitRules()
{
    s_PrefixCount = 0;
    return ExInitializeResourceLite(&s_Lock);
}

void RegFilter::FreeRules()
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_Lock, TRUE);
    for (ULONG i = 0; i < s_PrefixCount; ++i) {
        ExFreePoolWithTag(s_Prefixes[i].Buffer, kTag);
        s_Prefixes[i].Buffer = nullptr;
    }
    s_PrefixCount = 0;
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();

    ExDeleteResourceLite(&s_Lock);
}

NTSTATUS RegFilter::AddPrefix(PCWSTR text, USHORT cb)
{
    if (cb == 0 || (cb % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    auto copy = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, cb, kTag));
    if (!copy) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, text, cb);

    NTSTATUS status = STATUS_SUCCESS;
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_Lock, TRUE);
    if (s_PrefixCount < REGMON_MAX_PREFIXES) {
        auto& slot = s_Prefixes[s_PrefixCount++];
        slot.Buffer = copy;
        slot.Length = cb;
        slot.MaximumLength = cb;
        copy = nullptr;
    } else {
        status = STATUS_QUOTA_EXCEEDED;
    }
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();

    if (copy) {
        ExFreePoolWithTag(copy, kTag);
    }
    return status;
}

NTSTATUS RegFilter::Register(PDRIVER_OBJECT driver)
{
    NTSTATUS status = CmRegisterCallbackEx(&RegFilter::OnRegistry, &g_Altitude, driver,
                                           &s_Settings, &s_Cookie, nullptr);
    s_Registered = NT_SUCCESS(status);
    return status;
}

void RegFilter::Unregister()
{
    if (s_Registered) {
        CmUnRegisterCallback(s_Cookie);
        s_Registered = false;
    }
}

bool RegFilter::Matches(PCUNICODE_STRING path)
{
    bool hit = false;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&s_Lock, TRUE);
    for (ULONG i = 0; i < s_PrefixCount && !hit; ++i) {
        hit = RtlPrefixUnicodeString(&s_Prefixes[i], path, TRUE) != FALSE;
    }
    ExReleaseResourceLite(&s_Lock);
    KeLeaveCriticalRegion();
    return hit;
}

NTSTATUS RegFilter::OnRegistry(PVOID context, PVOID arg1, PVOID arg2)
{
    auto settings = static_cast<Settings*>(context);
    auto mode = static_cast<Mode>(InterlockedCompareExchange(&settings->Mode, 0, 0));
    if (mode == Mode::Off || arg2 == nullptr) {
        return STATUS_SUCCESS;
    }

    PVOID object = nullptr;
    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(arg1))) {
    case RegNtPreSetValueKey:
        object = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(arg2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        object = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(arg2)->Object;
        break;
    case RegNtPreDeleteKey:
        object = static_cast<PREG_DELETE_KEY_INFORMATION>(arg2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    PCUNICODE_STRING name = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&s_Cookie, object, nullptr, &name, 0))) {
        return STATUS_SUCCESS;
    }

    const bool hit = Matches(name);
    if (hit) {
        InterlockedIncrement(&settings->Hits);
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regmon: pid %p touches %wZ\n",
                   PsGetCurrentProcessId(), name);
    }
    CmCallbackReleaseKeyObjectIDEx(name);

    return (hit && mode == Mode::Block) ? STATUS_ACCESS_DENIED : STATUS_SUCCESS;
}

} // namespace regmon
