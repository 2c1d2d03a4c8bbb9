/*
 * sizequery.c - "namelog": a legacy driver that logs to a file whose name
 * an optional LogName value of its service key gives. The helper asks the
 * value's size first (a query with no buffer, which answers
 * STATUS_BUFFER_TOO_SMALL when there is a value to read): any other answer
 * means there is none, and the driver goes on with its default name. The
 * second query's status is tested before its data is used.
 *
 * BUG (DE005): this one does not test the second query's status: a value
 * that changed in between leaves `info` unfilled, and its garbage is read.
 */

#include <ntddk.h>

#define NL_TAG 'goLN'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NlUnload;

static UNICODE_STRING g_NlName;
static WCHAR g_NlDefault[] = L"\\SystemRoot\\namelog.txt";

static NTSTATUS
NlReadName(_In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING value = RTL_CONSTANT_STRING(L"LogName");
    OBJECT_ATTRIBUTES oa;
    PKEY_VALUE_PARTIAL_INFORMATION info;
    HANDLE key;
    ULONG length = 0;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwQueryValueKey(key, &value, KeyValuePartialInformation, NULL, 0, &length);
    if (status == STATUS_BUFFER_TOO_SMALL && length <= 512) {
        info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, length, NL_TAG);
        if (info == NULL) {
            ZwClose(key);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        status = ZwQueryValueKey(key, &value, KeyValuePartialInformation, info, length, &length); // expect: DE005
        if (info->Type == REG_SZ && info->DataLength > sizeof(WCHAR)) {
            g_NlName.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, info->DataLength, NL_TAG);
            if (g_NlName.Buffer != NULL) {
                RtlCopyMemory(g_NlName.Buffer, info->Data, info->DataLength);
                g_NlName.Length = (USHORT)(info->DataLength - sizeof(WCHAR));
                g_NlName.MaximumLength = (USHORT)info->DataLength;
            }
        }
        ExFreePoolWithTag(info, NL_TAG);
    }
    ZwClose(key);
    return STATUS_SUCCESS;
}

VOID
NlUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_NlName.Buffer != g_NlDefault && g_NlName.Buffer != NULL) {
        ExFreePoolWithTag(g_NlName.Buffer, NL_TAG);
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = NlReadName(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (g_NlName.Buffer == NULL) {
        RtlInitUnicodeString(&g_NlName, g_NlDefault);
    }
    DriverObject->DriverUnload = NlUnload;
    return STATUS_SUCCESS;
}
