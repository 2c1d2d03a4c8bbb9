/*
 * config.c - <service>\Parameters for pnpwatch.
 */
#include "pnpwatch.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PwDefaultSettings)
#pragma alloc_text(INIT, PwReadSettings)
#endif

VOID
PwDefaultSettings(
    _Out_ PPW_SETTINGS Settings
    )
{
    Settings->MaxHistory    = 256;
    Settings->WatchHid      = TRUE;
    Settings->LogToDebugger = FALSE;
}

static NTSTATUS
PwQueryDword(
    _In_  HANDLE  Key,
    _In_  PCWSTR  Name,
    _Out_ PULONG  Value
    )
{
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    UNICODE_STRING valueName;
    ULONG returned;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &returned);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

/*
 * Fills *Settings completely (defaults for anything missing) and reports
 * whether the Parameters key itself could be read.
 */
NTSTATUS
PwReadSettings(
    _In_  PUNICODE_STRING RegistryPath,
    _Out_ PPW_SETTINGS    Settings
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING sub;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    ULONG value;
    NTSTATUS status;

    PwDefaultSettings(Settings);

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&sub, L"Parameters");
    InitializeObjectAttributes(&oa, &sub, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    ZwClose(serviceKey);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (NT_SUCCESS(PwQueryDword(paramsKey, L"MaxHistory", &value)) && value >= 16 && value <= 4096) {
        Settings->MaxHistory = value;
    }
    if (NT_SUCCESS(PwQueryDword(paramsKey, L"WatchHid", &value))) {
        Settings->WatchHid = (value != 0);
    }
    if (NT_SUCCESS(PwQueryDword(paramsKey, L"LogToDebugger", &value))) {
        Settings->LogToDebugger = (value != 0);
    }

    ZwClose(paramsKey);
    return STATUS_SUCCESS;
}
