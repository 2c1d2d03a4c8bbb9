/*
 * regguard.c (bad) - "extlist" as regguard.c, but the __try starts by
 * setting the status to success: the second ZwQueryValueKey's status is
 * overwritten before anything tests it (DE005).
 */

#include <ntddk.h>

#define XL_TAG 'lLtX'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD XlUnload;

static PWCH g_XlText;
static ULONG g_XlChars;

static NTSTATUS XlReadList(PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    HANDLE key = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Extensions");
    ULONG need = 0;
    PKEY_VALUE_PARTIAL_INFORMATION info;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status))
        return status;
    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, NULL, 0, &need);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        ZwClose(key);
        return NT_SUCCESS(status) ? STATUS_INVALID_PARAMETER : status;
    }
    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePoolWithTag(PagedPool, need, XL_TAG);
    if (info == NULL) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, need, &need);   // expect: DE005
    __try {
        status = STATUS_SUCCESS;
        if (info->Type != REG_SZ || info->DataLength < sizeof(WCHAR)) {
            status = STATUS_OBJECT_TYPE_MISMATCH;
            __leave;
        }
        g_XlText = (PWCH)ExAllocatePoolWithTag(NonPagedPool, info->DataLength, XL_TAG);
        if (g_XlText == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            __leave;
        }
        RtlCopyMemory(g_XlText, info->Data, info->DataLength);
        g_XlChars = info->DataLength / sizeof(WCHAR);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    ExFreePoolWithTag(info, XL_TAG);
    ZwClose(key);
    return status;
}

VOID XlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_XlText != NULL)
        ExFreePoolWithTag(g_XlText, XL_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    status = XlReadList(RegistryPath);
    if (!NT_SUCCESS(status)) {
        if (g_XlText != NULL) {
            ExFreePoolWithTag(g_XlText, XL_TAG);
            g_XlText = NULL;
        }
        return status;
    }
    DriverObject->DriverUnload = XlUnload;
    return STATUS_SUCCESS;
}
