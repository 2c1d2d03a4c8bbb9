/*++
    config.c - watch list of file extensions (Parameters\Extensions, REG_MULTI_SZ)

    Copyright (c) ScanFilter authors. Licensed under the Apache License 2.0.
--*/
#include "scanfilter.h"

#pragma alloc_text(PAGE, SfLoadExtensions)
#pragma alloc_text(PAGE, SfFreeExtensions)
#pragma alloc_text(PAGE, SfIsWatchedExtension)

/* used when the value is missing: "exe\0dll\0js\0ps1\0docm\0\0" */
static const WCHAR SfDefaultExtensions[] = L"exe\0dll\0js\0ps1\0docm\0";

static NTSTATUS SfBuildList(_In_reads_(Chars) PCWSTR MultiSz, _In_ ULONG Chars, _Outptr_ PSF_EXTENSION_LIST *List)
{
    PSF_EXTENSION_LIST list;
    SIZE_T size = FIELD_OFFSET(SF_EXTENSION_LIST, Storage) + (SIZE_T)Chars * sizeof(WCHAR);
    ULONG i = 0;

    list = (PSF_EXTENSION_LIST)ExAllocatePool2(POOL_FLAG_PAGED, size, SF_TAG);
    if (list == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(list->Storage, MultiSz, (SIZE_T)Chars * sizeof(WCHAR));

    while (i < Chars && list->Storage[i] != L'\0' && list->Count < SF_MAX_EXTENSIONS) {
        ULONG start = i;
        while (i < Chars && list->Storage[i] != L'\0') {
            i++;
        }
        list->Extensions[list->Count].Buffer = &list->Storage[start];
        list->Extensions[list->Count].Length = (USHORT)((i - start) * sizeof(WCHAR));
        list->Extensions[list->Count].MaximumLength = list->Extensions[list->Count].Length;
        list->Count++;
        i++;    /* skip the terminator */
    }

    *List = list;
    return STATUS_SUCCESS;
}

NTSTATUS SfLoadExtensions(_In_ PCUNICODE_STRING RegistryPath, _Outptr_ PSF_EXTENSION_LIST *List)
{
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Extensions");
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    ULONG length = 0;
    NTSTATUS status;

    PAGED_CODE();
    *List = NULL;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto Defaults;
    }
    InitializeObjectAttributes(&oa, &paramsName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto Defaults;
    }

    status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation, NULL, 0, &length);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        goto Defaults;
    }
    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, length, SF_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Cleanup;
    }
    status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation, info, length, &length);
    if (!NT_SUCCESS(status) || info->Type != REG_MULTI_SZ || info->DataLength < 2 * sizeof(WCHAR)) {
        goto Defaults;
    }

    status = SfBuildList((PCWSTR)info->Data, info->DataLength / sizeof(WCHAR), List);
    goto Cleanup;

Defaults:
    SF_INFO("using default extension list (0x%08X)", status);
    status = SfBuildList(SfDefaultExtensions, RTL_NUMBER_OF(SfDefaultExtensions), List);

Cleanup:
    if (info != NULL) {
        ExFreePoolWithTag(info, SF_TAG);
    }
    if (paramsKey != NULL) {
        ZwClose(paramsKey);
    }
    if (serviceKey != NULL) {
        ZwClose(serviceKey);
    }
    return status;
}

VOID SfFreeExtensions(_In_ PSF_EXTENSION_LIST List)
{
    PAGED_CODE();
    ExFreePoolWithTag(List, SF_TAG);
}

BOOLEAN SfIsWatchedExtension(_In_ PCUNICODE_STRING Extension)
{
    BOOLEAN found = FALSE;
    ULONG i;

    PAGED_CODE();

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_Sf.ConfigLock, TRUE);
    for (i = 0; i < g_Sf.Extensions->Count; i++) {
        if (RtlEqualUnicodeString(Extension, &g_Sf.Extensions->Extensions[i], TRUE)) {
            found = TRUE;
            break;
        }
    }
    ExReleaseResourceLite(&g_Sf.ConfigLock);
    KeLeaveCriticalRegion();

    return found;
}
