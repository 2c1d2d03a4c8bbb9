#include "ProtectedList.h"

ProtectedList g_Protected;

NTSTATUS ProtectedList::Initialize()
{
    m_pids = static_cast<HANDLE*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, MaxPids * sizeof(HANDLE), OBG_TAG));
    if (!m_pids) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_count = 0;
    m_targetChars = 0;

    NTSTATUS status = ExInitializeResourceLite(&m_lock);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(m_pids, OBG_TAG);
        m_pids = nullptr;
    }
    return status;
}

void ProtectedList::Destroy()
{
    if (m_pids) {
        ExDeleteResourceLite(&m_lock);
        ExFreePoolWithTag(m_pids, OBG_TAG);
        m_pids = nullptr;
    }
}

bool ProtectedList::Contains(HANDLE pid)
{
    kcpp::SharedResourceLock lock(&m_lock);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            return true;
        }
    }
    return false;
}

bool ProtectedList::Add(HANDLE pid)
{
    kcpp::ExclusiveResourceLock lock(&m_lock);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            return true;
        }
    }
    if (m_count >= MaxPids) {
        return false;
    }
    m_pids[m_count++] = pid;
    return true;
}

void ProtectedList::Remove(HANDLE pid)
{
    kcpp::ExclusiveResourceLock lock(&m_lock);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            m_pids[i] = m_pids[--m_count];
            return;
        }
    }
}

void ProtectedList::Clear()
{
    kcpp::ExclusiveResourceLock lock(&m_lock);
    m_count = 0;
}

void ProtectedList::SetTargetImage(PCWSTR name, USHORT chars)
{
    kcpp::ExclusiveResourceLock lock(&m_lock);
    if (chars >= MaxImageChars) {
        chars = MaxImageChars - 1;
    }
    RtlCopyMemory(m_target, name, chars * sizeof(WCHAR));
    m_target[chars] = L'\0';
    m_targetChars = chars;
}

bool ProtectedList::MatchesTarget(PCUNICODE_STRING imagePath)
{
    kcpp::SharedResourceLock lock(&m_lock);
    if (m_targetChars == 0 || imagePath == nullptr) {
        return false;
    }

    USHORT pathChars = imagePath->Length / sizeof(WCHAR);
    if (pathChars < m_targetChars) {
        return false;
    }

    UNICODE_STRING tail;
    tail.Buffer = imagePath->Buffer + (pathChars - m_targetChars);
    tail.Length = tail.MaximumLength = m_targetChars * sizeof(WCHAR);

    UNICODE_STRING target;
    target.Buffer = m_target;
    target.Length = target.MaximumLength = m_targetChars * sizeof(WCHAR);

    return RtlEqualUnicodeString(&tail, &target, TRUE) != FALSE;
}
