//
// RegFilter.cpp - CmRegisterCallbackEx based registry activity monitor
//
#include "RegFilter.h"

namespace regmon {

LARGE_INTEGER                           RegFilter::s_Cookie;
bool                                    RegFilter::s_Registered;
PUNICODE_STRING                         RegFilter::s_ServiceKey;
kutil::Lookaside<RegRecord, REGMON_TAG> RegFilter::s_Records;
kutil::SpinLock                         RegFilter::s_Lock;
LIST_ENTRY                              RegFilter::s_Queue;
ULONG                                   RegFilter::s_Queued;
ULONG                                   RegFilter::s_Dropped;
volatile LONG                           RegFilter::s_Total;

static void CopyName(_Out_writes_(cch) PWCHAR dst, SIZE_T cch, _In_opt_ PCUNICODE_STRING src)
{
    dst[0] = L'\0';
    if (src == nullptr || src->Buffer == nullptr || src->Length == 0) {
        return;
    }
    SIZE_T n = min((SIZE_T)(src->Length / sizeof(WCHAR)), cch - 1);
    RtlCopyMemory(dst, src->Buffer, n * sizeof(WCHAR));
    dst[n] = L'\0';
}

NTSTATUS RegFilter::Initialize(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    // remember where our service key lives, we don't want to report our own
    // stats writes and we persist counters there on unload
    s_ServiceKey = RegistryPath;

    InitializeListHead(&s_Queue);
    s_Lock.Init();
    s_Queued = 0;
    s_Dropped = 0;
    s_Total = 0;

    NTSTATUS status = s_Records.Init(NonPagedPoolNx, 256);
    if (!NT_SUCCESS(status)) {
        RMLOG("lookaside init failed %08X", status);
        return status;
    }

    UNICODE_STRING altitude = RTL_CONSTANT_STRING(REGMON_ALTITUDE);
    status = CmRegisterCallbackEx(OnRegistry, &altitude, DriverObject, nullptr, &s_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        RMLOG("CmRegisterCallbackEx failed %08X", status);
        s_Records.Delete();
        return status;
    }
    s_Registered = true;

    RMLOG("registry callback up, cookie %I64X", s_Cookie.QuadPart);
    return STATUS_SUCCESS;
}

void RegFilter::Shutdown()
{
    SaveStats();

    // throw away whatever the service never picked up
    {
        kutil::AutoLock<kutil::SpinLock> guard(s_Lock);
        while (!IsListEmpty(&s_Queue)) {
            PLIST_ENTRY e = RemoveHeadList(&s_Queue);
            s_Records.Free(CONTAINING_RECORD(e, RegRecord, Link));
        }
        s_Queued = 0;
    }
    s_Records.Delete();

    if (s_Registered) {
        NTSTATUS status = CmUnRegisterCallback(s_Cookie);
        if (!NT_SUCCESS(status)) {
            RMLOG("CmUnRegisterCallback returned %08X", status);
        }
        s_Registered = false;
    }
}

bool RegFilter::IsOwnKey(PCUNICODE_STRING keyName)
{
    if (s_ServiceKey == nullptr || keyName == nullptr) {
        return false;
    }
    return RtlPrefixUnicodeString(s_ServiceKey, keyName, TRUE) != FALSE;
}

void RegFilter::SaveStats()
{
    ULONG total = (ULONG)s_Total;

    if (s_ServiceKey == nullptr || s_ServiceKey->Buffer == nullptr) {
        return;
    }
    NTSTATUS status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, s_ServiceKey->Buffer,
                                            L"LastTotalEvents", REG_DWORD, &total, sizeof(total));
    RMLOG("saved stats (%u events) -> %08X", total, status);
}

void RegFilter::Push(RegmonOp op, PVOID keyObject, PCUNICODE_STRING valueName)
{
    PCUNICODE_STRING keyName = nullptr;

    NTSTATUS status = CmCallbackGetKeyObjectIDEx(&s_Cookie, keyObject, nullptr, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return;
    }

    if (IsOwnKey(keyName)) {
        CmCallbackReleaseKeyObjectIDEx(keyName);
        return;
    }

    RegRecord* rec = s_Records.Alloc();
    if (rec == nullptr) {
        CmCallbackReleaseKeyObjectIDEx(keyName);
        InterlockedIncrement((volatile LONG*)&s_Dropped);
        return;
    }

    rec->Event.Op = op;
    rec->Event.ProcessId = HandleToULong(PsGetCurrentProcessId());
    KeQuerySystemTimePrecise(&rec->Event.Time);
    CopyName(rec->Event.Key, ARRAYSIZE(rec->Event.Key), keyName);
    CopyName(rec->Event.Value, ARRAYSIZE(rec->Event.Value), valueName);
    CmCallbackReleaseKeyObjectIDEx(keyName);

    RegRecord* victim = nullptr;
    {
        kutil::AutoLock<kutil::SpinLock> guard(s_Lock);
        if (s_Queued >= REGMON_MAX_QUEUED) {
            // ring semantics: drop the oldest
            victim = CONTAINING_RECORD(RemoveHeadList(&s_Queue), RegRecord, Link);
            s_Queued--;
            s_Dropped++;
        }
        InsertTailList(&s_Queue, &rec->Link);
        s_Queued++;
    }
    if (victim) {
        s_Records.Free(victim);
    }
    InterlockedIncrement(&s_Total);
}

NTSTATUS RegFilter::OnRegistry(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    if (Argument2 == nullptr) {
        return STATUS_SUCCESS;
    }

    auto cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    switch (cls) {
    case RegNtPreSetValueKey: {
        auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2);
        Push(RegmonSetValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteValueKey: {
        auto info = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2);
        Push(RegmonDeleteValue, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteKey: {
        auto info = static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2);
        Push(RegmonDeleteKey, info->Object, nullptr);
        break;
    }
    default:
        break;
    }

    // monitor only, never block
    return STATUS_SUCCESS;
}

ULONG RegFilter::Drain(REGMON_EVENT* out, ULONG maxCount)
{
    ULONG n = 0;
    LIST_ENTRY local;
    InitializeListHead(&local);

    {
        kutil::AutoLock<kutil::SpinLock> guard(s_Lock);
        while (n < maxCount && !IsListEmpty(&s_Queue)) {
            InsertTailList(&local, RemoveHeadList(&s_Queue));
            s_Queued--;
            n++;
        }
    }

    ULONG i = 0;
    while (!IsListEmpty(&local)) {
        auto rec = CONTAINING_RECORD(RemoveHeadList(&local), RegRecord, Link);
        out[i++] = rec->Event;
        s_Records.Free(rec);
    }
    return n;
}

} // namespace regmon
