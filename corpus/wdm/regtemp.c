/*
 * regtemp.c - a beeper whose DriverEntry reads an optional pitch from its
 * service key through a helper that queries the value into a pool buffer
 * of its own. The helper frees the buffer on every return after the
 * allocation; DriverEntry keeps its default pitch when the value is
 * missing.
 *
 * Conforming: no DE026.
 */

#include <ntddk.h>

#define RT_TAG 'pTgR'
#define RT_INFO_SIZE (FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(ULONG))

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RtUnload;

static ULONG RtPitch = 440;

VOID RtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

static NTSTATUS RtReadPitch(PUNICODE_STRING RegistryPath, PULONG Pitch)
{
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Pitch");
    PKEY_VALUE_PARTIAL_INFORMATION info;
    HANDLE key;
    ULONG length = 0;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (!NT_SUCCESS(status))
        return status;

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, RT_INFO_SIZE, RT_TAG);
    if (info == NULL) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, RT_INFO_SIZE, &length);
    ZwClose(key);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(info, RT_TAG);
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        ExFreePoolWithTag(info, RT_TAG);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Pitch = *(PULONG)info->Data;
    ExFreePoolWithTag(info, RT_TAG);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    ULONG pitch;

    if (NT_SUCCESS(RtReadPitch(RegistryPath, &pitch)) && pitch >= 100 && pitch <= 4000)
        RtPitch = pitch;
    DriverObject->DriverUnload = RtUnload;
    return STATUS_SUCCESS;
}
