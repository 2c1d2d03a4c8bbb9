/*
 * ratelimit.sys - reads its configuration from
 * HKLM\SYSTEM\CurrentControlSet\Services\ratelimit\Parameters in DriverEntry.
 * "MaxOpsPerSecond" is required, "BurstSize" is optional.
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define RL_TAG 'tmLR'

ULONG g_MaxOpsPerSecond = 0;
ULONG g_BurstSize = 8;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RlUnload;

static NTSTATUS
RlQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    )
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info,
                             sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING paramsPath;
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    USHORT cb;

    cb = RegistryPath->Length + sizeof(L"\\Parameters");
    paramsPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, cb, RL_TAG);
    if (paramsPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    paramsPath.Length = 0;
    paramsPath.MaximumLength = cb;
    RtlCopyUnicodeString(&paramsPath, RegistryPath);
    status = RtlUnicodeStringCatString(&paramsPath, L"\\Parameters");
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(paramsPath.Buffer, RL_TAG);
        return status;
    }

    InitializeObjectAttributes(&oa, &paramsPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    ExFreePoolWithTag(paramsPath.Buffer, RL_TAG);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ratelimit: no Parameters key (0x%08X)\n", status));
        return status;
    }

    status = RlQueryDword(key, L"MaxOpsPerSecond", &g_MaxOpsPerSecond);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ratelimit: MaxOpsPerSecond missing or bad (0x%08X)\n", status));
        return status;
    }

    // optional value: keep the default on any error
    if (!NT_SUCCESS(RlQueryDword(key, L"BurstSize", &g_BurstSize))) {
        g_BurstSize = 8;
    }
    ZwClose(key);

    if (g_MaxOpsPerSecond == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    KdPrint(("ratelimit: %lu ops/s, burst %lu\n", g_MaxOpsPerSecond, g_BurstSize));
    DriverObject->DriverUnload = RlUnload;
    return STATUS_SUCCESS;
}

VOID
RlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("ratelimit: unloaded\n"));
}
