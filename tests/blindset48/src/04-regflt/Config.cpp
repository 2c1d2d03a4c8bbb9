//
// Config.cpp - service key parameters.
//
//   Mode           REG_DWORD     0 = audit, 1 = block
//   ProtectedKeys  REG_MULTI_SZ  full NT key paths, prefix match
//
#include "regflt.h"

namespace regflt {

UNICODE_STRING Config::s_ServiceKey;
PWCHAR         Config::s_Protected;
ULONG          Config::s_ProtectedBytes;
ULONG          Config::s_Mode = ModeAudit;

_Use_decl_annotations_
NTSTATUS
Config::OnProtectedKeys(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
                        ULONG ValueLength, PVOID Context, PVOID EntryContext)
{
    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);

    if (ValueType != REG_MULTI_SZ || ValueLength < 2 * sizeof(WCHAR)) {
        return STATUS_SUCCESS;
    }

    auto copy = static_cast<PWCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                    ValueLength + sizeof(WCHAR), RF_TAG));
    if (copy == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, ValueData, ValueLength);

    s_Protected = copy;
    s_ProtectedBytes = ValueLength;
    return STATUS_SUCCESS;
}

NTSTATUS
Config::Load(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3] = {};
    ULONG                    defMode = ModeAudit;

    // the callback uses this to stay out of our own key
    s_ServiceKey = *RegistryPath;

    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = const_cast<PWSTR>(L"Mode");
    table[0].EntryContext  = &s_Mode;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defMode;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].QueryRoutine  = OnProtectedKeys;
    table[1].Flags         = RTL_QUERY_REGISTRY_NOEXPAND;
    table[1].Name          = const_cast<PWSTR>(L"ProtectedKeys");
    table[1].DefaultType   = REG_NONE;

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer,
                                             table, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        RF_LOG("RtlQueryRegistryValues 0x%08X", status);
        Unload();
        return status;
    }

    if (s_Protected == nullptr) {
        RF_LOG("no ProtectedKeys configured");
        return STATUS_NOT_FOUND;
    }

    RF_LOG("mode=%lu protected=%lu bytes", s_Mode, s_ProtectedBytes);
    return STATUS_SUCCESS;
}

void
Config::Unload()
{
    if (s_Protected != nullptr) {
        ExFreePoolWithTag(s_Protected, RF_TAG);
        s_Protected = nullptr;
        s_ProtectedBytes = 0;
    }
}

bool
Config::IsProtected(_In_ PCUNICODE_STRING KeyPath)
{
    if (s_Protected == nullptr) {
        return false;
    }

    for (PWCHAR cur = s_Protected; *cur != L'\0'; ) {
        UNICODE_STRING prefix;
        RtlInitUnicodeString(&prefix, cur);
        if (RtlPrefixUnicodeString(&prefix, KeyPath, TRUE)) {
            return true;
        }
        cur += prefix.Length / sizeof(WCHAR) + 1;
    }
    return false;
}

} // namespace regflt
