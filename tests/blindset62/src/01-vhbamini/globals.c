/*
 * globals.c - driver wide state of the virtual HBA
 */
#include "vhba.h"

PVHBA_GLOBALS g_Vhba = NULL;

/*
 * Reads Parameters\DiskSizeMB (REG_DWORD).  Falls back to the default on
 * any error, a missing value is not a reason to fail the load.
 */
static ULONG
VhbaQueryDiskSizeMb(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"DiskSizeMB");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength = 0;
    ULONG sizeMb = VHBA_DEFAULT_MB;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);

    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        VHBA_LOG("no service key (0x%08X), using %u MB", status, sizeMb);
        return sizeMb;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (NT_SUCCESS(status) &&
        info->Type == REG_DWORD &&
        info->DataLength == sizeof(ULONG)) {
        sizeMb = *(PULONG)info->Data;
    }

    ZwClose(key);

    if (sizeMb == 0 || sizeMb > VHBA_LIMIT_MB) {
        sizeMb = VHBA_DEFAULT_MB;
    }
    return sizeMb;
}

NTSTATUS
VhbaGlobalsCreate(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG sizeMb;

    g_Vhba = (PVHBA_GLOBALS)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                            sizeof(VHBA_GLOBALS), VHBA_TAG);
    if (g_Vhba == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Vhba->DriverObject = DriverObject;
    KeInitializeSpinLock(&g_Vhba->Lock);
    InitializeListHead(&g_Vhba->AdapterList);

    sizeMb = VhbaQueryDiskSizeMb(RegistryPath);
    g_Vhba->BackingSize = (SIZE_T)sizeMb * 1024 * 1024;

    g_Vhba->Backing = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                              g_Vhba->BackingSize, VHBA_TAG);
    if (g_Vhba->Backing == NULL) {
        VHBA_LOG("backing store of %u MB not available", sizeMb);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Vhba->SectorCount = (ULONG)(g_Vhba->BackingSize / VHBA_SECTOR_SIZE);
    VHBA_LOG("backing store %u MB, %u sectors", sizeMb, g_Vhba->SectorCount);
    return STATUS_SUCCESS;
}

VOID
VhbaGlobalsDestroy(
    VOID
    )
{
    if (g_Vhba == NULL) {
        return;
    }

    if (g_Vhba->Backing != NULL) {
        ExFreePoolWithTag(g_Vhba->Backing, VHBA_TAG);
        g_Vhba->Backing = NULL;
    }

    ExFreePoolWithTag(g_Vhba, VHBA_TAG);
    g_Vhba = NULL;
}
