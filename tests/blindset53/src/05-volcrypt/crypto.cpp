//
// crypto.cpp - key handling and the sector transform
//
#include "volcrypt.h"

namespace volcrypt {

UCHAR Cipher::s_Key[VC_KEY_BYTES];
bool  Cipher::s_Ready = false;

static NTSTATUS NTAPI
KeyQueryRoutine(
    _In_ PWSTR ValueName,
    _In_ ULONG ValueType,
    _In_ PVOID ValueData,
    _In_ ULONG ValueLength,
    _In_opt_ PVOID Context,
    _In_opt_ PVOID EntryContext
    )
{
    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(Context);

    if (ValueType != REG_BINARY || ValueLength < VC_KEY_BYTES || EntryContext == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(EntryContext, ValueData, VC_KEY_BYTES);
    return STATUS_SUCCESS;
}

NTSTATUS
Cipher::Initialize(_In_ PCUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3] = {};

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = const_cast<PWSTR>(L"Parameters");

    table[1].QueryRoutine = KeyQueryRoutine;
    table[1].Flags        = RTL_QUERY_REGISTRY_REQUIRED;
    table[1].Name         = const_cast<PWSTR>(L"VolumeKey");
    table[1].EntryContext = s_Key;

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE,
                                             RegistryPath->Buffer,
                                             table, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        // no key configured: refuse to load rather than write plaintext
        RtlSecureZeroMemory(s_Key, sizeof(s_Key));
        return status;
    }

    s_Ready = true;
    return STATUS_SUCCESS;
}

void
Cipher::Wipe()
{
    RtlSecureZeroMemory(s_Key, sizeof(s_Key));
    s_Ready = false;
}

void
Cipher::Transform(_Inout_updates_bytes_(Length) PUCHAR Buffer, ULONG Length, ULONGLONG Offset)
{
    for (ULONG i = 0; i < Length; i++) {
        ULONGLONG pos = Offset + i;
        UCHAR k = s_Key[pos % VC_KEY_BYTES];
        k ^= static_cast<UCHAR>(pos >> 9);          // sector number
        k = static_cast<UCHAR>((k << 3) | (k >> 5));
        Buffer[i] ^= k;
    }
}

} // namespace volcrypt
