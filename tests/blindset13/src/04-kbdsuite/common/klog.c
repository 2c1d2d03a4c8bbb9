/*
 * klog.c - see klog.h
 */
#include <ntstrsafe.h>
#include "klog.h"

static CHAR g_Prefix[24] = "kbsuite";

VOID KlogInit(PCSTR Component)
{
    RtlStringCbCopyA(g_Prefix, sizeof(g_Prefix), Component);
}

VOID KlogPrint(PCSTR Format, ...)
{
    CHAR line[256];
    va_list args;

    va_start(args, Format);
    if (NT_SUCCESS(RtlStringCbVPrintfA(line, sizeof(line), Format, args))) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[%s] %s\n", g_Prefix, line);
    }
    va_end(args);
}

static NTSTATUS KsOpenKey(PCWSTR KeyPath, ACCESS_MASK Access, BOOLEAN Create, PHANDLE Key)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES oa;

    RtlInitUnicodeString(&path, KeyPath);
    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (Create) {
        return ZwCreateKey(Key, Access, &oa, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
    }
    return ZwOpenKey(Key, Access, &oa);
}

NTSTATUS KsReadDword(PCWSTR KeyPath, PCWSTR ValueName, PULONG Value)
{
    HANDLE key;
    UNICODE_STRING name;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG got;
    NTSTATUS status;

    *Value = 0;
    status = KsOpenKey(KeyPath, KEY_QUERY_VALUE, FALSE, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&name, ValueName);
    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, sizeof(buffer), &got);
    if (NT_SUCCESS(status)) {
        if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            *Value = *(ULONG UNALIGNED *)info->Data;
        } else {
            status = STATUS_OBJECT_TYPE_MISMATCH;
        }
    }
    ZwClose(key);
    return status;
}

NTSTATUS KsWriteDword(PCWSTR KeyPath, PCWSTR ValueName, ULONG Value)
{
    HANDLE key;
    UNICODE_STRING name;
    NTSTATUS status;

    status = KsOpenKey(KeyPath, KEY_SET_VALUE, TRUE, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&name, ValueName);
    status = ZwSetValueKey(key, &name, 0, REG_DWORD, &Value, sizeof(Value));
    ZwClose(key);
    return status;
}
