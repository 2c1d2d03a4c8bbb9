#include "scanner.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, ScanLoadExtensions)
#pragma alloc_text(PAGE, ScanFreeExtensions)
#endif

static const WCHAR DefaultExtensions[] = L"exe\0dll\0ps1\0js\0";

/*
 * Reads Parameters\Extensions (REG_MULTI_SZ). Falls back to the built in
 * list when the value is missing.  All strings point into one pool buffer.
 */
NTSTATUS
ScanLoadExtensions(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Extensions");
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    HANDLE serviceKey = NULL;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG length = 0;
    PCWSTR src;
    ULONG srcBytes;
    PWCHAR p;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&oa, &paramsName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
        status = ZwOpenKey(&key, KEY_READ, &oa);
        ZwClose(serviceKey);
    }

    if (NT_SUCCESS(status)) {
        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &length);
        if (status == STATUS_BUFFER_TOO_SMALL || status == STATUS_BUFFER_OVERFLOW) {
            info = ExAllocatePoolZero(PagedPool, length, SCANNER_TAG);
            if (info == NULL) {
                ZwClose(key);
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, length, &length);
        }
        ZwClose(key);
    }

    if (NT_SUCCESS(status) && info != NULL && info->Type == REG_MULTI_SZ && info->DataLength >= sizeof(WCHAR)) {
        src = (PCWSTR)info->Data;
        srcBytes = info->DataLength;
    } else {
        src = DefaultExtensions;
        srcBytes = sizeof(DefaultExtensions);
    }

    ScannerData.ExtensionBuffer = ExAllocatePoolZero(NonPagedPoolNx, srcBytes + sizeof(WCHAR), SCANNER_TAG);
    if (ScannerData.ExtensionBuffer == NULL) {
        if (info != NULL) {
            ExFreePoolWithTag(info, SCANNER_TAG);
        }
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(ScannerData.ExtensionBuffer, src, srcBytes);

    if (info != NULL) {
        ExFreePoolWithTag(info, SCANNER_TAG);
    }

    ScannerData.ExtensionCount = 0;
    for (p = ScannerData.ExtensionBuffer;
         *p != L'\0' && ScannerData.ExtensionCount < SCANNER_MAX_EXTENSIONS;
         p += wcslen(p) + 1) {
        RtlInitUnicodeString(&ScannerData.Extensions[ScannerData.ExtensionCount++], p);
    }

    return STATUS_SUCCESS;
}

VOID
ScanFreeExtensions(VOID)
{
    PAGED_CODE();

    if (ScannerData.ExtensionBuffer != NULL) {
        ExFreePoolWithTag(ScannerData.ExtensionBuffer, SCANNER_TAG);
        ScannerData.ExtensionBuffer = NULL;
    }
    ScannerData.ExtensionCount = 0;
}

BOOLEAN
ScanIsWatchedExtension(
    _In_ PUNICODE_STRING Extension
    )
{
    ULONG i;

    for (i = 0; i < ScannerData.ExtensionCount; i++) {
        if (RtlCompareUnicodeString(Extension, &ScannerData.Extensions[i], TRUE) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}
