/*
 * config.c - BlockedExtensions (REG_MULTI_SZ) from the service key
 *
 *   HKLM\SYSTEM\CurrentControlSet\Services\ExtBlock
 *       BlockedExtensions = "locked" "crypt" "encrypted"
 */
#include "blocker.h"

static const WCHAR g_DefaultList[] = L"locked\0crypt\0";

static VOID BlkSplitList(_Inout_ PBLK_CONFIG Config, ULONG Chars)
{
    ULONG i = 0;

    Config->Count = 0;
    while (i < Chars && Config->Count < BLK_MAX_EXTENSIONS) {
        PWCHAR start = &Config->Storage[i];
        ULONG len = 0;

        while (i + len < Chars && start[len] != L'\0') {
            len++;
        }
        if (len == 0) {
            break;                  /* double NUL: end of the list */
        }

        Config->Extensions[Config->Count].Buffer = start;
        Config->Extensions[Config->Count].Length = (USHORT)(len * sizeof(WCHAR));
        Config->Extensions[Config->Count].MaximumLength = (USHORT)(len * sizeof(WCHAR));
        Config->Count++;
        i += len + 1;
    }
}

NTSTATUS BlkLoadConfig(PUNICODE_STRING RegistryPath, PBLK_CONFIG Config)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"BlockedExtensions");
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    HANDLE key = NULL;
    ULONG needed = 0;
    ULONG bytes = sizeof(g_DefaultList);
    const VOID* source = g_DefaultList;
    NTSTATUS status;

    RtlZeroMemory(Config, sizeof(*Config));

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &needed);
        if ((status == STATUS_BUFFER_TOO_SMALL || status == STATUS_BUFFER_OVERFLOW) && needed > 0) {
            info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, needed, BLK_TAG);
            if (info != NULL &&
                NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, needed, &needed)) &&
                info->Type == REG_MULTI_SZ && info->DataLength >= 2 * sizeof(WCHAR)) {
                source = info->Data;
                bytes = info->DataLength;
            }
        }
        ZwClose(key);
    }

    Config->Storage = (PWCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes + sizeof(WCHAR), BLK_TAG);
    if (Config->Storage == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlCopyMemory(Config->Storage, source, bytes);
        Config->Storage[bytes / sizeof(WCHAR)] = L'\0';
        BlkSplitList(Config, bytes / sizeof(WCHAR));
        status = STATUS_SUCCESS;
    }

    if (info != NULL) {
        ExFreePoolWithTag(info, BLK_TAG);
    }
    return status;
}

VOID BlkFreeConfig(PBLK_CONFIG Config)
{
    if (Config->Storage != NULL) {
        ExFreePoolWithTag(Config->Storage, BLK_TAG);
    }
    RtlZeroMemory(Config, sizeof(*Config));
}

BOOLEAN BlkIsBlockedExtension(PCUNICODE_STRING Extension)
{
    ULONG i;

    for (i = 0; i < g_Blk.Config.Count; i++) {
        if (RtlEqualUnicodeString(Extension, &g_Blk.Config.Extensions[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}
