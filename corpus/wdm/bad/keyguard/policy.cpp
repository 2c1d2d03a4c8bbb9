/*
 * policy.cpp - "keyguard"'s policy, read from its service key at load.
 * The key is held by a wrapper of this file's own (an anonymous
 * namespace): ZwOpenKey fills it through Put() and queries read it
 * through Get(); its destructor only forgets the handle, without ZwClose.
 */

#include "keyguard.h"

namespace {

class KeyHandle {
public:
    KeyHandle() : m_Handle(nullptr) {}
    ~KeyHandle()
    {
        m_Handle = nullptr;
    }
    KeyHandle(const KeyHandle &) = delete;
    KeyHandle &operator=(const KeyHandle &) = delete;

    PHANDLE Put() { return &m_Handle; }
    HANDLE Get() const { return m_Handle; }

private:
    HANDLE m_Handle;
};

} // namespace

KgPolicy g_KgPolicy;

void
KgPolicy::Load(PCUNICODE_STRING ServiceKey)
{
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING value = RTL_CONSTANT_STRING(L"BlockedCount");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    ULONG needed = 0;
    KeyHandle key;
    NTSTATUS status;

    m_Count = 0;
    InitializeObjectAttributes(&attributes, const_cast<PUNICODE_STRING>(ServiceKey),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    status = ZwOpenKey(key.Put(), KEY_QUERY_VALUE, &attributes);
    if (!NT_SUCCESS(status)) {
        return;
    }
    status = ZwQueryValueKey(key.Get(), &value, KeyValuePartialInformation, buffer, sizeof(buffer), &needed);
    if (!NT_SUCCESS(status)) {
        return;
    }
    m_Count = *reinterpret_cast<PULONG>(reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer)->Data);
}
