// RegFilter.cpp
#include "RegFilter.h"

namespace regmon {

LARGE_INTEGER RegFilter::s_cookie;
UNICODE_STRING RegFilter::s_altitude;
const Config* RegFilter::s_cfg;
kx::SpinLock RegFilter::s_lock;
LIST_ENTRY RegFilter::s_list;
ULONG RegFilter::s_count;
bool RegFilter::s_registered;

NTSTATUS RegFilter::Start(PDRIVER_OBJECT DriverObject, const Config* Cfg)
{
    s_cfg = Cfg;
    s_lock.Init();
    InitializeListHead(&s_list);
    s_count = 0;

    // Cfg lives in a global, so the altitude buffer outlives the registration
    RtlInitUnicodeString(&s_altitude, Cfg->Altitude);

    auto status = CmRegisterCallbackEx(OnRegistry, &s_altitude, DriverObject,
                                       nullptr, &s_cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regmon: CmRegisterCallbackEx 0x%08X\n", status));
        return status;
    }
    s_registered = true;
    return STATUS_SUCCESS;
}

void RegFilter::Stop()
{
    if (s_registered) {
        CmUnRegisterCallback(s_cookie);
        s_registered = false;
    }

    kx::Locker<kx::SpinLock> lock(s_lock);
    while (!IsListEmpty(&s_list)) {
        auto e = CONTAINING_RECORD(RemoveHeadList(&s_list), Entry, Link);
        ExFreePoolWithTag(e, kx::Tag);
    }
    s_count = 0;
}

void RegFilter::Record(OpKind kind, PVOID keyObject, PCUNICODE_STRING valueName)
{
    PCUNICODE_STRING keyName = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectID(&s_cookie, keyObject, nullptr, &keyName)) || keyName == nullptr) {
        return;
    }

    auto e = static_cast<Entry*>(ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(Entry), kx::Tag));
    if (e == nullptr) {
        return;
    }
    RtlZeroMemory(e, sizeof(*e));
    e->Rec.Kind = kind;
    e->Rec.ProcessId = HandleToULong(PsGetCurrentProcessId());

    // "key\value", truncated to fit
    constexpr ULONG cap = RTL_NUMBER_OF(e->Rec.Name) - 1;
    ULONG n = kx::Min<ULONG>(keyName->Length / sizeof(WCHAR), cap);
    RtlCopyMemory(e->Rec.Name, keyName->Buffer, n * sizeof(WCHAR));
    if (valueName != nullptr && valueName->Buffer != nullptr && n + 1 < cap) {
        e->Rec.Name[n++] = L'\\';
        ULONG m = kx::Min<ULONG>(valueName->Length / sizeof(WCHAR), cap - n);
        RtlCopyMemory(e->Rec.Name + n, valueName->Buffer, m * sizeof(WCHAR));
        n += m;
    }
    e->Rec.NameChars = static_cast<USHORT>(n);

    Entry* drop = nullptr;
    {
        kx::Locker<kx::SpinLock> lock(s_lock);
        if (s_count >= s_cfg->MaxEntries) {
            drop = CONTAINING_RECORD(RemoveHeadList(&s_list), Entry, Link);
            s_count--;
        }
        InsertTailList(&s_list, &e->Link);
        s_count++;
    }
    if (drop != nullptr) {
        ExFreePoolWithTag(drop, kx::Tag);
    }
}

NTSTATUS RegFilter::OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);

    auto op = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));
    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (op) {
    case RegNtPreSetValueKey:
        if (s_cfg->LogSetValue) {
            auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2);
            Record(OpKind::SetValue, info->Object, info->ValueName);
        }
        break;
    case RegNtPreDeleteKey:
        if (s_cfg->LogDeleteKey) {
            auto info = static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2);
            Record(OpKind::DeleteKey, info->Object, nullptr);
        }
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

ULONG RegFilter::Fetch(LogRecord* out, ULONG maxRecords)
{
    ULONG n = 0;
    LIST_ENTRY local;
    InitializeListHead(&local);
    {
        kx::Locker<kx::SpinLock> lock(s_lock);
        while (n < maxRecords && !IsListEmpty(&s_list)) {
            InsertTailList(&local, RemoveHeadList(&s_list));
            s_count--;
            n++;
        }
    }

    ULONG i = 0;
    while (!IsListEmpty(&local)) {
        auto e = CONTAINING_RECORD(RemoveHeadList(&local), Entry, Link);
        out[i++] = e->Rec;
        ExFreePoolWithTag(e, kx::Tag);
    }
    return n;
}

} // namespace regmon
