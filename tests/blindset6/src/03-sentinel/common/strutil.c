#include "common.h"

ULONG SntTraceLevel = SNT_LEVEL_WARN;

NTSTATUS
SntDuplicateUnicodeString(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Destination
    )
{
    RtlZeroMemory(Destination, sizeof(*Destination));

    if (Source->Length == 0) {
        return STATUS_SUCCESS;
    }

    Destination->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, Source->Length, SNT_TAG_STRING);
    if (Destination->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Destination->MaximumLength = Source->Length;
    RtlCopyUnicodeString(Destination, Source);
    return STATUS_SUCCESS;
}

VOID
SntFreeUnicodeString(
    _Inout_ PUNICODE_STRING String
    )
{
    if (String->Buffer != NULL) {
        ExFreePoolWithTag(String->Buffer, SNT_TAG_STRING);
    }
    RtlZeroMemory(String, sizeof(*String));
}

NTSTATUS
SntReadDwordParameter(
    _In_ PCUNICODE_STRING RegistryPath,
    _In_ PCWSTR ValueName,
    _Out_ PULONG Value
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    UNICODE_STRING name;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, ValueName);
    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (NT_SUCCESS(status)) {
        if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            *Value = *(PULONG)info->Data;
        } else {
            status = STATUS_OBJECT_TYPE_MISMATCH;
        }
    }

    ZwClose(key);
    return status;
}

BOOLEAN
SntSuffixMatch(
    _In_ PCUNICODE_STRING String,
    _In_ PCUNICODE_STRING Suffix
    )
{
    UNICODE_STRING tail;

    if (String == NULL || String->Length < Suffix->Length) {
        return FALSE;
    }

    tail.Buffer = (PWCH)((PUCHAR)String->Buffer + String->Length - Suffix->Length);
    tail.Length = Suffix->Length;
    tail.MaximumLength = Suffix->Length;

    return RtlEqualUnicodeString(&tail, Suffix, TRUE);
}
