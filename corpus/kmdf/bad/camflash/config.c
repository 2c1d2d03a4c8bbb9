/*
 * config.c - service-key settings of camflash.
 */

#include "camflash.h"
#include "config.tmh"

NTSTATUS
CfLoadSettings(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PCAMFLASH_SETTINGS Settings
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"FlashMilliseconds");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    HANDLE key;
    NTSTATUS status;

    Settings->FlashMs = CAMFLASH_DEFAULT_MS;
    Settings->Flags = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONFIG, "ZwOpenKey failed %!STATUS!", status);
        return status;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        ULONG value;

        RtlCopyMemory(&value, info->Data, sizeof(ULONG));
        if (value == 0 || value > CAMFLASH_MAX_MS) {
            /* A bad value would overdrive the strobe: refuse to load. */
            ZwClose(key);
            return STATUS_INVALID_PARAMETER;
        }
        Settings->FlashMs = value;
    }

    ZwClose(key);
    return STATUS_SUCCESS;
}
