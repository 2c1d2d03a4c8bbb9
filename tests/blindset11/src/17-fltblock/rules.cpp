// rules.cpp - the pattern list
#include "fltblock.h"

namespace fb {

RuleSet::~RuleSet()
{
    for (ULONG i = 0; i < m_count; i++) {
        if (m_patterns[i].Buffer != nullptr) {
            RtlFreeUnicodeString(&m_patterns[i]);
        }
    }
    m_count = 0;
}

bool RuleSet::Add(PCWSTR text, USHORT bytes)
{
    if (m_count == kMaxRules || bytes == 0) {
        return false;
    }
    UNICODE_STRING src;
    src.Buffer = const_cast<PWCH>(text);
    src.Length = bytes;
    src.MaximumLength = bytes;

    // FsRtlIsNameInExpression wants an upcased expression
    if (!NT_SUCCESS(RtlUpcaseUnicodeString(&m_patterns[m_count], &src, TRUE))) {
        return false;
    }
    m_count++;
    return true;
}

void RuleSet::AddDefaults()
{
    static const wchar_t* const defaults[] = { L"*.LOCKED", L"SECRET*.TXT", L"*.KEYLOG" };
    for (auto d : defaults) {
        Add(d, static_cast<USHORT>(wcslen(d) * sizeof(WCHAR)));
    }
}

bool RuleSet::Matches(PCUNICODE_STRING finalComponent) const
{
    for (ULONG i = 0; i < m_count; i++) {
        if (FsRtlIsNameInExpression(const_cast<PUNICODE_STRING>(&m_patterns[i]),
                                    const_cast<PUNICODE_STRING>(finalComponent), TRUE, nullptr)) {
            return true;
        }
    }
    return false;
}

RuleSet* RuleSet::Load(PCUNICODE_STRING registryPath, NTSTATUS* status)
{
    auto rules = new RuleSet();
    if (rules == nullptr) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        return nullptr;
    }

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(registryPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    HANDLE serviceKey = nullptr;
    *status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(*status)) {
        rules->AddDefaults();
        return rules;
    }

    UNICODE_STRING subName = RTL_CONSTANT_STRING(L"Parameters");
    InitializeObjectAttributes(&oa, &subName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               serviceKey, nullptr);
    HANDLE paramsKey = nullptr;
    *status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    ZwClose(serviceKey);
    if (!NT_SUCCESS(*status)) {
        rules->AddDefaults();
        return rules;
    }

    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"BlockedNames");
    ULONG needed = 0;
    *status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation, nullptr, 0, &needed);
    if (*status == STATUS_BUFFER_TOO_SMALL || *status == STATUS_BUFFER_OVERFLOW) {
        auto info = static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(
            ExAllocatePool2(POOL_FLAG_PAGED, needed, kTag));
        if (info == nullptr) {
            *status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            *status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation,
                                      info, needed, &needed);
            if (NT_SUCCESS(*status) && info->Type == REG_MULTI_SZ) {
                auto p = reinterpret_cast<PCWSTR>(info->Data);
                auto end = p + info->DataLength / sizeof(WCHAR);
                while (p < end && *p != L'\0') {
                    auto len = wcsnlen(p, end - p);
                    Add(p, static_cast<USHORT>(len * sizeof(WCHAR)));
                    p += len + 1;
                }
            }
            ExFreePoolWithTag(info, kTag);
        }
    }
    ZwClose(paramsKey);

    if (rules->Count() == 0) {
        rules->AddDefaults();
    }
    return rules;
}

} // namespace fb
