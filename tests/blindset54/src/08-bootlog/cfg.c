/*
 * cfg.c - reads bootlog's parameters. Plain C, it came from an older
 * driver of mine.
 *
 *   LogPath         REG_SZ      NT path of the log file
 *   FlushThreshold  REG_DWORD
 *   KernelOnly      REG_DWORD
 */
#include "bootlog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, BlReadConfig)
#pragma alloc_text(PAGE, BlFreeConfig)
#endif

static NTSTATUS
DupString(
    _Out_ PUNICODE_STRING Dst,
    _In_reads_bytes_(Cb) PCWSTR Src,
    _In_ USHORT Cb
    )
{
    Dst->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, Cb + sizeof(WCHAR), BL_TAG);
    if (Dst->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Dst->Buffer, Src, Cb);
    Dst->Buffer[Cb / sizeof(WCHAR)] = UNICODE_NULL;
    Dst->Length = Cb;
    Dst->MaximumLength = Cb + sizeof(WCHAR);
    return STATUS_SUCCESS;
}

static VOID
ReadDword(HANDLE Key, PCWSTR Name, PULONG Out)
{
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    UNICODE_STRING vn;
    ULONG len;

    RtlInitUnicodeString(&vn, Name);
    if (NT_SUCCESS(ZwQueryValueKey(Key, &vn, KeyValuePartialInformation, kv, sizeof(buf), &len)) &&
        kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        *Out = *(PULONG)kv->Data;
    }
}

NTSTATUS
BlReadConfig(
    _In_ PCUNICODE_STRING RegistryPath,
    _Out_ PBL_CONFIG Config
    )
{
    UNICODE_STRING vn = RTL_CONSTANT_STRING(L"LogPath");
    PKEY_VALUE_PARTIAL_INFORMATION kv = NULL;
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    ULONG len = 0;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(Config, sizeof(*Config));
    Config->FlushThreshold = BL_DEFAULT_THRESHOLD;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (NT_SUCCESS(status)) {
        ReadDword(key, L"FlushThreshold", &Config->FlushThreshold);
        ReadDword(key, L"KernelOnly", &Config->KernelOnly);

        status = ZwQueryValueKey(key, &vn, KeyValuePartialInformation, NULL, 0, &len);
        if (status == STATUS_BUFFER_TOO_SMALL && len <= 1024) {
            kv = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePoolWithTag(PagedPool, len, BL_TAG);
            if (kv != NULL &&
                NT_SUCCESS(ZwQueryValueKey(key, &vn, KeyValuePartialInformation, kv, len, &len)) &&
                (kv->Type == REG_SZ || kv->Type == REG_EXPAND_SZ) &&
                kv->DataLength > sizeof(WCHAR)) {
                status = DupString(&Config->LogPath, (PCWSTR)kv->Data,
                                   (USHORT)(kv->DataLength - sizeof(WCHAR)));
            }
            if (kv != NULL) {
                ExFreePoolWithTag(kv, BL_TAG);
            }
        }
        ZwClose(key);
    }

    if (Config->FlushThreshold < 512 || Config->FlushThreshold > BL_BUFFER_SIZE / 2) {
        Config->FlushThreshold = BL_DEFAULT_THRESHOLD;
    }

    if (Config->LogPath.Buffer == NULL) {
        return DupString(&Config->LogPath, BL_DEFAULT_LOG_PATH,
                         sizeof(BL_DEFAULT_LOG_PATH) - sizeof(WCHAR));
    }
    return STATUS_SUCCESS;
}

VOID
BlFreeConfig(
    _Inout_ PBL_CONFIG Config
    )
{
    PAGED_CODE();

    if (Config->LogPath.Buffer != NULL) {
        ExFreePoolWithTag(Config->LogPath.Buffer, BL_TAG);
        RtlZeroMemory(&Config->LogPath, sizeof(UNICODE_STRING));
    }
}
