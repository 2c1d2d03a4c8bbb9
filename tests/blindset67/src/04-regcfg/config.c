/*
 * config.c - registry parsing for regcfg
 */
#include "regcfg.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, RcLoadConfig)
#pragma alloc_text(PAGE, RcFreeConfig)
#endif

static ULONG
RcReadDword(
    _In_ HANDLE  Key,
    _In_ PCWSTR  Name,
    _In_ ULONG   Default
    )
{
    UNICODE_STRING  valueName;
    UCHAR           raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)raw;
    ULONG           resultLen = 0;
    NTSTATUS        status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(raw), &resultLen);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return Default;
    }
    return *(PULONG)info->Data;
}

static NTSTATUS
RcReadString(
    _In_  HANDLE          Key,
    _In_  PCWSTR          Name,
    _Out_ PUNICODE_STRING Out
    )
{
    UNICODE_STRING                  valueName;
    PKEY_VALUE_PARTIAL_INFORMATION  info;
    ULONG                           size;
    ULONG                           resultLen = 0;
    NTSTATUS                        status;

    RtlZeroMemory(Out, sizeof(*Out));
    RtlInitUnicodeString(&valueName, Name);

    size = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + RC_MAX_BANNER;
    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePoolWithTag(PagedPool, size, RC_TAG);
    if (info == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, size, &resultLen);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (info->Type != REG_SZ || info->DataLength < sizeof(WCHAR)) {
        ExFreePoolWithTag(info, RC_TAG);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    Out->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, info->DataLength, RC_TAG);
    if (Out->Buffer == NULL) {
        ExFreePoolWithTag(info, RC_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Out->Buffer, info->Data, info->DataLength);
    /* drop the terminator from the counted length */
    Out->Length        = (USHORT)(info->DataLength - sizeof(WCHAR));
    Out->MaximumLength = (USHORT)info->DataLength;

    ExFreePoolWithTag(info, RC_TAG);
    return STATUS_SUCCESS;
}

NTSTATUS
RcLoadConfig(
    _In_  PCUNICODE_STRING RegistryPath,
    _Out_ PRC_CONFIG       Cfg
    )
{
    UNICODE_STRING    path;
    OBJECT_ATTRIBUTES oa;
    HANDLE            key = NULL;
    NTSTATUS          status;
    USHORT            len;

    PAGED_CODE();

    RtlZeroMemory(Cfg, sizeof(*Cfg));
    Cfg->MaxClients = RC_DEFAULT_CLIENTS;

    /* <RegistryPath>\Parameters */
    len = RegistryPath->Length + sizeof(RC_PARAMS_SUBKEY);
    path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, len, RC_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    path.Length = 0;
    path.MaximumLength = len;
    RtlCopyUnicodeString(&path, RegistryPath);
    RtlAppendUnicodeToString(&path, RC_PARAMS_SUBKEY);

    InitializeObjectAttributes(&oa, &path,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);

    status = ZwOpenKey(&key, KEY_READ, &oa);

    /* missing values just fall back to the defaults */
    Cfg->MaxClients = RcReadDword(key, L"MaxClients", RC_DEFAULT_CLIENTS);
    Cfg->Verbose    = RcReadDword(key, L"Verbose", 0);

    if (Cfg->MaxClients == 0 || Cfg->MaxClients > RC_MAX_CLIENTS) {
        Cfg->MaxClients = RC_DEFAULT_CLIENTS;
    }

    status = RcReadString(key, L"Banner", &Cfg->Banner);
    if (!NT_SUCCESS(status)) {
        /* banner is optional */
        status = STATUS_SUCCESS;
    }

    ZwClose(key);
    ExFreePoolWithTag(path.Buffer, RC_TAG);
    return status;
}

VOID
RcFreeConfig(
    _Inout_ PRC_CONFIG Cfg
    )
{
    PAGED_CODE();

    if (Cfg->Banner.Buffer != NULL) {
        ExFreePoolWithTag(Cfg->Banner.Buffer, RC_TAG);
        Cfg->Banner.Buffer = NULL;
    }
    Cfg->Banner.Length = Cfg->Banner.MaximumLength = 0;
}
