/*
 * registry.c - service key parameters for vhidpad.
 */
#include "vhidpad.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VhpSaveRegistryPath)
#pragma alloc_text(INIT, VhpReadParameters)
#pragma alloc_text(PAGE, VhpFreeRegistryPath)
#endif

NTSTATUS
VhpSaveRegistryPath(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    USHORT size = RegistryPath->Length + sizeof(UNICODE_NULL);

    g_Vhp.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, size, VHP_TAG);
    if (g_Vhp.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Vhp.RegistryPath.Length = 0;
    g_Vhp.RegistryPath.MaximumLength = size;
    RtlCopyUnicodeString(&g_Vhp.RegistryPath, RegistryPath);
    return STATUS_SUCCESS;
}

VOID
VhpFreeRegistryPath(
    VOID
    )
{
    PAGED_CODE();

    if (g_Vhp.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Vhp.RegistryPath.Buffer, VHP_TAG);
        RtlZeroMemory(&g_Vhp.RegistryPath, sizeof(g_Vhp.RegistryPath));
    }
}

static ULONG
VhpQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG Default
    )
{
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    UNICODE_STRING valueName;
    ULONG resultLength;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return Default;
    }
    return *(PULONG)info->Data;
}

VOID
VhpReadParameters(
    VOID
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING subkey = RTL_CONSTANT_STRING(L"Parameters");
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    NTSTATUS status;

    g_Vhp.VendorId = 0xF00D;
    g_Vhp.ProductId = 0x0D1D;
    g_Vhp.KeyIntervalMs = VHP_KEY_INTERVAL_MS;

    InitializeObjectAttributes(&oa, &g_Vhp.RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return;
    }

    InitializeObjectAttributes(&oa, &subkey,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        g_Vhp.VendorId = (USHORT)VhpQueryDword(paramsKey, L"VendorId", g_Vhp.VendorId);
        g_Vhp.ProductId = (USHORT)VhpQueryDword(paramsKey, L"ProductId", g_Vhp.ProductId);
        g_Vhp.KeyIntervalMs = VhpQueryDword(paramsKey, L"KeyIntervalMs", g_Vhp.KeyIntervalMs);
        ZwClose(paramsKey);
    }
    ZwClose(serviceKey);

    if (g_Vhp.KeyIntervalMs == 0 || g_Vhp.KeyIntervalMs > 1000) {
        g_Vhp.KeyIntervalMs = VHP_KEY_INTERVAL_MS;
    }
}
