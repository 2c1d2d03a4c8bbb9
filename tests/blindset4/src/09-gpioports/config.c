/*
 * config.c - reads the board description written by the installer:
 *
 *   Parameters\BankCount        REG_DWORD   1..8
 *   Parameters\Bank<N>Base      REG_QWORD   physical address
 *   Parameters\Bank<N>Direction REG_DWORD   1 = output bit (optional)
 */
#include "gpport.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, GpReadConfiguration)
#endif

static NTSTATUS
GpQueryValue(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG ExpectedType,
    _Out_writes_bytes_(Size) PVOID Data,
    _In_ ULONG Size
    )
{
    UNICODE_STRING  valueName;
    UCHAR           buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONGLONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG           resultLength;
    NTSTATUS        status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != ExpectedType || info->DataLength != Size) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    RtlCopyMemory(Data, info->Data, Size);
    return STATUS_SUCCESS;
}

NTSTATUS
GpReadConfiguration(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PGP_CONFIG Config
    )
{
    OBJECT_ATTRIBUTES   oa;
    HANDLE              serviceKey = NULL;
    HANDLE              paramKey = NULL;
    UNICODE_STRING      subKey;
    WCHAR               name[32];
    ULONG               i;
    ULONGLONG           base;
    NTSTATUS            status;

    RtlZeroMemory(Config, sizeof(*Config));

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&subKey, L"Parameters");
    InitializeObjectAttributes(&oa, &subKey, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    status = ZwOpenKey(&paramKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = GpQueryValue(paramKey, L"BankCount", REG_DWORD, &Config->BankCount, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    if (Config->BankCount == 0 || Config->BankCount > GP_MAX_BANKS) {
        status = STATUS_DEVICE_CONFIGURATION_ERROR;
        goto Exit;
    }

    for (i = 0; i < Config->BankCount; i++) {
        status = RtlStringCchPrintfW(name, RTL_NUMBER_OF(name), L"Bank%uBase", i);
        if (!NT_SUCCESS(status)) {
            goto Exit;
        }
        status = GpQueryValue(paramKey, name, REG_QWORD, &base, sizeof(base));
        if (!NT_SUCCESS(status)) {
            status = STATUS_DEVICE_CONFIGURATION_ERROR;
            goto Exit;
        }
        Config->Banks[i].PhysicalBase.QuadPart = (LONGLONG)base;

        /* Direction is optional: all inputs by default. */
        RtlStringCchPrintfW(name, RTL_NUMBER_OF(name), L"Bank%uDirection", i);
        if (!NT_SUCCESS(GpQueryValue(paramKey, name, REG_DWORD,
                                     &Config->Banks[i].InitialDirection, sizeof(ULONG)))) {
            Config->Banks[i].InitialDirection = 0;
        }
    }

    status = STATUS_SUCCESS;

Exit:
    if (paramKey != NULL) {
        ZwClose(paramKey);
    }
    if (serviceKey != NULL) {
        ZwClose(serviceKey);
    }
    return status;
}
