#include "imgwatch.h"

static ULONG
IwQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG Default
    )
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return Default;
    }
    return *(PULONG)info->Data;
}

VOID
IwReadConfig(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PIW_CONFIG Config
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING paramsPath;
    WCHAR pathBuffer[256];
    HANDLE key = NULL;
    NTSTATUS status;

    Config->LogSystemImages = 0;
    Config->LogRemoteThreads = 1;
    Config->ResolveFileSize = 1;

    RtlInitEmptyUnicodeString(&paramsPath, pathBuffer, sizeof(pathBuffer));
    status = RtlAppendUnicodeStringToString(&paramsPath, RegistryPath);
    if (NT_SUCCESS(status)) {
        status = RtlAppendUnicodeToString(&paramsPath, L"\\Parameters");
    }
    if (!NT_SUCCESS(status)) {
        IW_ERR("registry path too long, using defaults");
        return;
    }

    InitializeObjectAttributes(&oa, &paramsPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        IW_LOG("no Parameters key (0x%08X), using defaults", status);
        return;
    }

    Config->LogSystemImages  = IwQueryDword(key, L"LogSystemImages",  Config->LogSystemImages);
    Config->LogRemoteThreads = IwQueryDword(key, L"LogRemoteThreads", Config->LogRemoteThreads);
    Config->ResolveFileSize  = IwQueryDword(key, L"ResolveFileSize",  Config->ResolveFileSize);

    ZwClose(key);
}
