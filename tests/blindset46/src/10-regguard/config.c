#include "regguard.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RgCopyString)
#pragma alloc_text(PAGE, RgLoadConfig)
#endif

NTSTATUS
RgCopyString(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Dest
    )
{
    PAGED_CODE();

    RtlZeroMemory(Dest, sizeof(*Dest));

    if (Source->Length == 0 || Source->Length > RG_MAX_KEY_BYTES)
        return STATUS_INVALID_PARAMETER;

    Dest->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, Source->Length + sizeof(WCHAR), RG_TAG);
    if (Dest->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    RtlCopyMemory(Dest->Buffer, Source->Buffer, Source->Length);
    Dest->Length = Source->Length;
    Dest->MaximumLength = Source->Length + sizeof(WCHAR);
    return STATUS_SUCCESS;
}

VOID
RgFreeString(
    _Inout_ PUNICODE_STRING String
    )
{
    if (String->Buffer != NULL) {
        ExFreePoolWithTag(String->Buffer, RG_TAG);
    }
    RtlZeroMemory(String, sizeof(*String));
}

static NTSTATUS
RgQueryValue(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG Type,
    _Out_writes_bytes_(Size) PKEY_VALUE_PARTIAL_INFORMATION Info,
    _In_ ULONG Size
    )
{
    UNICODE_STRING valueName;
    ULONG resultLength = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, Info, Size, &resultLength);
    if (NT_SUCCESS(status) && Info->Type != Type)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    return status;
}

/*
 * Reads Parameters\ProtectedKey and Parameters\Enabled.
 * Missing values fall back to the defaults, other errors are returned.
 */
NTSTATUS
RgLoadConfig(
    _In_ PCUNICODE_STRING ServiceKey,
    _Out_ PUNICODE_STRING ProtectedKey,
    _Out_ PLONG Enabled
    )
{
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING defaultKey = RTL_CONSTANT_STRING(RG_DEFAULT_KEY);
    UNICODE_STRING fromRegistry;
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG infoSize = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + RG_MAX_KEY_BYTES + sizeof(WCHAR);
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(ProtectedKey, sizeof(*ProtectedKey));
    *Enabled = 1;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)ServiceKey,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        RG_ERR("ZwOpenKey(service) failed 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &paramsName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        RG_INFO("no Parameters key, using defaults");
        status = RgCopyString(&defaultKey, ProtectedKey);
        goto out;
    }
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, infoSize, RG_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }

    status = RgQueryValue(paramsKey, L"Enabled", REG_DWORD, info, infoSize);
    if (NT_SUCCESS(status) && info->DataLength == sizeof(ULONG)) {
        *Enabled = (*(PULONG)info->Data) ? 1 : 0;
    }

    status = RgQueryValue(paramsKey, L"ProtectedKey", REG_SZ, info, infoSize);
    if (NT_SUCCESS(status) && info->DataLength > sizeof(WCHAR)) {
        fromRegistry.Buffer = (PWCH)info->Data;
        fromRegistry.Length = (USHORT)(info->DataLength - sizeof(WCHAR));   /* drop the NUL */
        fromRegistry.MaximumLength = fromRegistry.Length;
        status = RgCopyString(&fromRegistry, ProtectedKey);
    } else {
        status = RgCopyString(&defaultKey, ProtectedKey);
    }

out:
    if (info != NULL)
        ExFreePoolWithTag(info, RG_TAG);
    if (paramsKey != NULL)
        ZwClose(paramsKey);
    ZwClose(serviceKey);
    return status;
}
