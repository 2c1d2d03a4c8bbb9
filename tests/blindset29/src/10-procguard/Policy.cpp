#include "Policy.h"

Policy g_Policy;

NTSTATUS Policy::Initialize(PCUNICODE_STRING serviceKey)
{
    ExInitializeRundownProtection(&m_rundown);
    m_lock = 0;
    m_agentPid = nullptr;
    m_deniedCount = 0;

    // RegistryPath is only valid during DriverEntry: keep our own copy
    m_serviceKey.Length = 0;
    m_serviceKey.MaximumLength = serviceKey->Length;
    m_serviceKey.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, serviceKey->Length, PG_TAG));
    if (m_serviceKey.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&m_serviceKey, serviceKey);
    return STATUS_SUCCESS;
}

void Policy::Destroy()
{
    // every registered callback has been removed by now; wait for IOCTLs
    ExWaitForRundownProtectionRelease(&m_rundown);
    if (m_serviceKey.Buffer != nullptr) {
        ExFreePoolWithTag(m_serviceKey.Buffer, PG_TAG);
        m_serviceKey.Buffer = nullptr;
        m_serviceKey.Length = m_serviceKey.MaximumLength = 0;
    }
}

NTSTATUS Policy::AddDeniedImage(PCWCH name, USHORT chars)
{
    if (chars == 0 || chars > MaxNameChars) {
        return STATUS_INVALID_PARAMETER;
    }

    kutil::ExclusiveSpinLock lock(&m_lock);
    if (m_deniedCount >= MaxDenied) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(m_denied[m_deniedCount], name, chars * sizeof(WCHAR));
    m_deniedChars[m_deniedCount] = chars;
    m_deniedCount++;
    return STATUS_SUCCESS;
}

bool Policy::IsDeniedImage(PCUNICODE_STRING imagePath)
{
    if (imagePath == nullptr || imagePath->Buffer == nullptr) {
        return false;
    }

    const USHORT pathChars = imagePath->Length / sizeof(WCHAR);

    kutil::SharedSpinLock lock(&m_lock);
    for (ULONG i = 0; i < m_deniedCount; i++) {
        const USHORT chars = m_deniedChars[i];
        if (chars > pathChars) {
            continue;
        }
        UNICODE_STRING tail;
        tail.Buffer = const_cast<PWCH>(imagePath->Buffer) + (pathChars - chars);
        tail.Length = tail.MaximumLength = chars * sizeof(WCHAR);

        UNICODE_STRING denied;
        denied.Buffer = m_denied[i];
        denied.Length = denied.MaximumLength = chars * sizeof(WCHAR);

        if (RtlEqualUnicodeString(&tail, &denied, TRUE)) {
            return true;
        }
    }
    return false;
}

bool Policy::IsProtectedKey(PCUNICODE_STRING keyPath) const
{
    return RtlPrefixUnicodeString(&m_serviceKey, keyPath, TRUE) != FALSE;
}
