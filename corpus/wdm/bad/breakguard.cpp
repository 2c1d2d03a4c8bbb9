/*
 * breakguard.cpp - C++ legacy driver that reads its settings through a key
 * handle inside a `do { } while (false)` block whose failed steps `break`
 * out.
 *
 * BUG (DE006): the key is a plain HANDLE, not held by the guard class, and
 * nothing closes it when reading the setting fails.
 */

#include <ntddk.h>

class KeyGuard {
public:
    KeyGuard() : m_Key(nullptr) {}
    ~KeyGuard() { if (m_Key != nullptr) ZwClose(m_Key); }
    HANDLE *Address() { return &m_Key; }
    HANDLE Get() const { return m_Key; }
private:
    HANDLE m_Key;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD GuardUnload;
static ULONG g_Level;

static NTSTATUS
ReadLevel(_In_ HANDLE Key, _Out_ PULONG Level)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Level");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    NTSTATUS status = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, info, sizeof(buffer), &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Level = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

static VOID
GuardUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

extern "C" NTSTATUS
DriverEntry(                                                // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr,
                               nullptr);
    do {
        HANDLE key;
        status = ZwOpenKey(&key, KEY_READ, &attributes);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = ReadLevel(key, &g_Level);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ZwClose(key);
    } while (false);

    if (!NT_SUCCESS(status)) {
        return status;                                      // expect: DE006
    }
    DriverObject->DriverUnload = GuardUnload;
    return STATUS_SUCCESS;
}
