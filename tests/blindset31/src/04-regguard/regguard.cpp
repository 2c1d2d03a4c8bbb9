//
// regguard.cpp - RegistryGuard implementation
//
#include "regguard.h"

static const UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(L"385201");

RegistryGuard::RegistryGuard() noexcept
    : m_Registered(false), m_Blocked(0)
{
    InitializeListHead(&m_Prefixes);
    m_Cookie.QuadPart = 0;
}

RegistryGuard::~RegistryGuard()
{
    Unregister();
    ClearPrefixes();
}

NTSTATUS RegistryGuard::Initialize() noexcept
{
    return ExInitializeResourceLite(&m_Lock);
}

NTSTATUS RegistryGuard::Register(_In_ PDRIVER_OBJECT DriverObject) noexcept
{
    NTSTATUS status = CmRegisterCallbackEx(&RegistryGuard::OnRegistryOperation,
                                           &g_Altitude,
                                           DriverObject,
                                           this,
                                           &m_Cookie,
                                           nullptr);
    if (NT_SUCCESS(status)) {
        m_Registered = true;
    }
    return status;
}

void RegistryGuard::Unregister() noexcept
{
    if (m_Registered) {
        CmUnRegisterCallback(m_Cookie);
        m_Registered = false;
    }
}

NTSTATUS RegistryGuard::AddProtectedPrefix(_In_ PCUNICODE_STRING Prefix) noexcept
{
    const SIZE_T cb = FIELD_OFFSET(PrefixEntry, Buffer) + Prefix->Length;
    auto entry = static_cast<PrefixEntry*>(ExAllocatePool2(POOL_FLAG_PAGED, cb, RG_TAG));
    if (entry == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(entry->Buffer, Prefix->Buffer, Prefix->Length);
    entry->Prefix.Buffer = entry->Buffer;
    entry->Prefix.Length = Prefix->Length;
    entry->Prefix.MaximumLength = Prefix->Length;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&m_Lock, TRUE);
    InsertTailList(&m_Prefixes, &entry->Link);
    ExReleaseResourceLite(&m_Lock);
    KeLeaveCriticalRegion();
    return STATUS_SUCCESS;
}

void RegistryGuard::ClearPrefixes() noexcept
{
    while (!IsListEmpty(&m_Prefixes)) {
        auto entry = CONTAINING_RECORD(RemoveHeadList(&m_Prefixes), PrefixEntry, Link);
        ExFreePoolWithTag(entry, RG_TAG);
    }
}

bool RegistryGuard::IsProtectedPath(_In_ PCUNICODE_STRING Path) noexcept
{
    bool hit = false;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&m_Lock, TRUE);
    for (PLIST_ENTRY e = m_Prefixes.Flink; e != &m_Prefixes; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, PrefixEntry, Link);
        if (RtlPrefixUnicodeString(&entry->Prefix, Path, TRUE)) {
            hit = true;
            break;
        }
    }
    ExReleaseResourceLite(&m_Lock);
    KeLeaveCriticalRegion();
    return hit;
}

NTSTATUS RegistryGuard::CheckObject(_In_ PVOID KeyObject) noexcept
{
    PCUNICODE_STRING keyName = nullptr;

    if (ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&m_Cookie, KeyObject, nullptr, &keyName, 0))) {
        return STATUS_SUCCESS;
    }

    NTSTATUS status = STATUS_SUCCESS;
    if (IsProtectedPath(keyName)) {
        InterlockedIncrement(&m_Blocked);
        status = STATUS_ACCESS_DENIED;
    }
    CmCallbackReleaseKeyObjectIDEx(keyName);
    return status;
}

NTSTATUS RegistryGuard::OnRegistryOperation(_In_ PVOID CallbackContext,
                                            _In_opt_ PVOID Argument1,
                                            _In_opt_ PVOID Argument2)
{
    auto self = static_cast<RegistryGuard*>(CallbackContext);
    auto cls = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    if (Argument2 == nullptr) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreSetValueKey:
        return self->CheckObject(static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2)->Object);
    case RegNtPreDeleteValueKey:
        return self->CheckObject(static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2)->Object);
    case RegNtPreDeleteKey:
        return self->CheckObject(static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2)->Object);
    case RegNtPreRenameKey:
        return self->CheckObject(static_cast<PREG_RENAME_KEY_INFORMATION>(Argument2)->Object);
    default:
        return STATUS_SUCCESS;
    }
}
