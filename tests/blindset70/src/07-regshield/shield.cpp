#include "shield.h"

namespace rs {

LARGE_INTEGER  Shield::s_Cookie = {};
ERESOURCE      Shield::s_Lock;
bool           Shield::s_LockReady = false;
UNICODE_STRING Shield::s_Rules[RS_MAX_RULES] = {};
ULONG          Shield::s_RuleCount = 0;
volatile LONG  Shield::s_Blocked = 0;
KTIMER         Shield::s_Timer;
KDPC           Shield::s_Dpc;

bool Shield::IsProtected(PVOID KeyObject)
{
    PCUNICODE_STRING name = nullptr;
    bool hit = false;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&s_Cookie, KeyObject, nullptr, &name, 0)))
        return false;

    {
        SharedLock lock(&s_Lock);
        for (ULONG i = 0; i < s_RuleCount && !hit; i++) {
            if (RtlPrefixUnicodeString(&s_Rules[i], name, TRUE))
                hit = true;
        }
    }

    CmCallbackReleaseKeyObjectIDEx(name);
    return hit;
}

NTSTATUS Shield::RegistryCallback(PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Context);

    if (ExGetPreviousMode() == KernelMode || Arg2 == nullptr)
        return STATUS_SUCCESS;

    PVOID keyObject = nullptr;
    switch ((REG_NOTIFY_CLASS)(ULONG_PTR)Arg1) {
    case RegNtPreDeleteKey:
        keyObject = static_cast<PREG_DELETE_KEY_INFORMATION>(Arg2)->Object;
        break;
    case RegNtPreSetValueKey:
        keyObject = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Arg2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Arg2)->Object;
        break;
    case RegNtPreRenameKey:
        keyObject = static_cast<PREG_RENAME_KEY_INFORMATION>(Arg2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (keyObject && IsProtected(keyObject)) {
        InterlockedIncrement(&s_Blocked);
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

void Shield::StatsDpc(PKDPC, PVOID, PVOID, PVOID)
{
    LOG("blocked %ld registry writes so far", s_Blocked);
}

NTSTATUS Shield::AddRule(PCWSTR KeyPath)
{
    if (s_RuleCount >= RS_MAX_RULES)
        return STATUS_TOO_MANY_NAMES;

    UNICODE_STRING src;
    RtlInitUnicodeString(&src, KeyPath);

    auto& dst = s_Rules[s_RuleCount];
    dst.Buffer = static_cast<PWCH>(ExAllocatePoolWithTag(PagedPool, src.Length, RS_TAG));
    if (!dst.Buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    dst.Length = dst.MaximumLength = src.Length;
    RtlCopyMemory(dst.Buffer, src.Buffer, src.Length);

    s_RuleCount++;
    return STATUS_SUCCESS;
}

void Shield::FreeRules()
{
    for (ULONG i = 0; i < s_RuleCount; i++) {
        ExFreePoolWithTag(s_Rules[i].Buffer, RS_TAG);
        s_Rules[i].Buffer = nullptr;
    }
    s_RuleCount = 0;

    if (s_LockReady) {
        ExDeleteResourceLite(&s_Lock);
        s_LockReady = false;
    }
}

void Shield::StartStats()
{
    LARGE_INTEGER due;
    due.QuadPart = -60LL * 10 * 1000 * 1000;      // first report after a minute
    KeInitializeTimer(&s_Timer);
    KeInitializeDpc(&s_Dpc, StatsDpc, nullptr);
    KeSetTimerEx(&s_Timer, due, 60 * 1000, &s_Dpc);
}

NTSTATUS Shield::Init(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = ExInitializeResourceLite(&s_Lock);
    CHECK(status, "ExInitializeResourceLite");
    if (!NT_SUCCESS(status))
        return status;
    s_LockReady = true;

    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RS_ALTITUDE);
    status = CmRegisterCallbackEx(RegistryCallback, &altitude, DriverObject, nullptr, &s_Cookie, nullptr);
    CHECK(status, "CmRegisterCallbackEx");
    return status;
}

void Shield::Shutdown()
{
    FreeRules();
    CmUnRegisterCallback(s_Cookie);
    LOG("shutdown, %ld blocked total", s_Blocked);
}

} // namespace rs
