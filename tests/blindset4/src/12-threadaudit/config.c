/*
 * config.c - Parameters of ThreadAudit.
 */
#include "taudit.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, TaReadConfig)
#endif

static ULONG
TaQueryDword(_In_ HANDLE Key, _In_ PCWSTR Name, _In_ ULONG Default)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;

    RtlInitUnicodeString(&valueName, Name);
    if (NT_SUCCESS(ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                                   info, sizeof(buffer), &length)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        return *(PULONG)info->Data;
    }
    return Default;
}

VOID
TaReadConfig(_In_ PUNICODE_STRING RegistryPath, _Out_ PTA_CONFIG Config)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING path;
    WCHAR buffer[260];
    HANDLE key;

    Config->TrackThreads = FALSE;
    Config->TrackImages = TRUE;
    Config->MaxQueued = TA_MAX_QUEUED;

    RtlInitEmptyUnicodeString(&path, buffer, sizeof(buffer));
    if (!NT_SUCCESS(RtlUnicodeStringCopy(&path, RegistryPath)) ||
        !NT_SUCCESS(RtlUnicodeStringCatString(&path, L"\\Parameters"))) {
        return;
    }

    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        return;
    }

    Config->TrackThreads = (TaQueryDword(key, L"TrackThreads", 0) != 0);
    Config->TrackImages = (TaQueryDword(key, L"TrackImages", 1) != 0);
    Config->MaxQueued = TaQueryDword(key, L"MaxQueued", TA_MAX_QUEUED);
    if (Config->MaxQueued == 0 || Config->MaxQueued > 65536) {
        Config->MaxQueued = TA_MAX_QUEUED;
    }

    ZwClose(key);
}
