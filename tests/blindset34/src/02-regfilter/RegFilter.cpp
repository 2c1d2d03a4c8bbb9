#include "RegFilter.h"

namespace {

// Autostart locations we care about (prefix match, case-insensitive).
const PCWSTR g_WatchedPrefixes[] = {
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
    L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services",
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options",
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
};

void CopyName(_Out_writes_(Chars) PWCHAR Dest, _In_ ULONG Chars, _In_opt_ PCUNICODE_STRING Src)
{
    RtlZeroMemory(Dest, Chars * sizeof(WCHAR));
    if (Src == nullptr || Src->Buffer == nullptr) {
        return;
    }
    ULONG n = Src->Length / sizeof(WCHAR);
    if (n >= Chars) {
        n = Chars - 1;
    }
    RtlCopyMemory(Dest, Src->Buffer, n * sizeof(WCHAR));
}

} // namespace

NTSTATUS RegFilter::Start(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude;
    RtlInitUnicodeString(&altitude, L"385210.42");

    NTSTATUS status = CmRegisterCallbackEx(&RegFilter::OnRegistry, &altitude, DriverObject,
                                           this, &m_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        RW_ERR("CmRegisterCallbackEx failed 0x%08X", status);
        return status;
    }
    m_Registered = true;

    m_Lock.Init();
    InitializeListHead(&m_Events);
    m_Count = 0;
    m_Pool.Init();

    RW_LOG("registry callback registered, cookie %I64x", m_Cookie.QuadPart);
    return STATUS_SUCCESS;
}

void RegFilter::Stop()
{
    if (m_Registered) {
        CmUnRegisterCallback(m_Cookie);
        m_Registered = false;
    }

    {
        ExclusiveLock<Resource> lock(m_Lock);
        while (!IsListEmpty(&m_Events)) {
            PLIST_ENTRY entry = RemoveHeadList(&m_Events);
            m_Pool.Free(CONTAINING_RECORD(entry, RegEvent, Link));
        }
        m_Count = 0;
    }

    m_Pool.Delete();
    m_Lock.Delete();
}

NTSTATUS RegFilter::OnRegistry(_In_ PVOID Context, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    auto self = static_cast<RegFilter*>(Context);
    auto kind = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    if (Argument2 == nullptr || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (kind) {
    case RegNtPreSetValueKey: {
        auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2);
        self->Record(kind, info->Object, info->ValueName);
        break;
    }
    case RegNtPreDeleteValueKey: {
        auto info = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2);
        self->Record(kind, info->Object, info->ValueName);
        break;
    }
    case RegNtPreCreateKeyEx:
    case RegNtPreDeleteKey:
    default:
        break;
    }

    // observe only, never block
    return STATUS_SUCCESS;
}

bool RegFilter::IsWatched(_In_ PCUNICODE_STRING KeyName) const
{
    for (auto prefix : g_WatchedPrefixes) {
        UNICODE_STRING p;
        RtlInitUnicodeString(&p, prefix);
        if (RtlPrefixUnicodeString(&p, KeyName, TRUE)) {
            return true;
        }
    }
    return false;
}

void RegFilter::Record(_In_ REG_NOTIFY_CLASS Kind, _In_ PVOID KeyObject, _In_opt_ PCUNICODE_STRING ValueName)
{
    PCUNICODE_STRING keyName = nullptr;

    NTSTATUS status = CmCallbackGetKeyObjectIDEx(&m_Cookie, KeyObject, nullptr, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return;
    }

    if (IsWatched(keyName)) {
        RegEvent* ev = m_Pool.Alloc();
        if (ev != nullptr) {
            KeQuerySystemTimePrecise(&ev->Data.Time);
            ev->Data.ProcessId = HandleToULong(PsGetCurrentProcessId());
            ev->Data.Kind = Kind;
            CopyName(ev->Data.Key, RW_KEY_CHARS, keyName);
            CopyName(ev->Data.Value, RW_VALUE_CHARS, ValueName);
            Push(ev);
        }
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
}

void RegFilter::Push(_In_ RegEvent* Event)
{
    RegEvent* dropped = nullptr;
    {
        ExclusiveLock<Resource> lock(m_Lock);
        InsertTailList(&m_Events, &Event->Link);
        if (++m_Count > RW_MAX_EVENTS) {
            dropped = CONTAINING_RECORD(RemoveHeadList(&m_Events), RegEvent, Link);
            m_Count--;
        }
    }
    if (dropped != nullptr) {
        m_Pool.Free(dropped);
    }
}

ULONG RegFilter::Drain(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length)
{
    auto out = static_cast<RegEventRecord*>(Buffer);
    ULONG max = Length / sizeof(RegEventRecord);
    ULONG copied = 0;

    ExclusiveLock<Resource> lock(m_Lock);
    while (copied < max && !IsListEmpty(&m_Events)) {
        auto ev = CONTAINING_RECORD(RemoveHeadList(&m_Events), RegEvent, Link);
        m_Count--;
        out[copied++] = ev->Data;
        m_Pool.Free(ev);
    }
    return copied * sizeof(RegEventRecord);
}
