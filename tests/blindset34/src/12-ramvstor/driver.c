#include "ramvstor.h"

PRV_DRIVER g_Rv = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RvDriverUnload;

static ULONGLONG
RvReadDiskBytes(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"DiskSizeMB");
    OBJECT_ATTRIBUTES oa;
    ULONG sizeMb = RV_DEFAULT_SIZE_MB;
    ULONG resultLength;
    HANDLE key;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (NT_SUCCESS(status)) {
        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                 info, sizeof(buffer), &resultLength);
        if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            sizeMb = *(PULONG)info->Data;
        }
        ZwClose(key);
    }

    if (sizeMb == 0 || sizeMb > RV_MAX_SIZE_MB) {
        sizeMb = RV_DEFAULT_SIZE_MB;
    }
    return (ULONGLONG)sizeMb * 1024 * 1024;
}

_Use_decl_annotations_
VOID
RvDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PDRIVER_UNLOAD portUnload = g_Rv->PortUnload;

    // Storport tears down its adapters (HwFreeAdapterResources) first
    if (portUnload != NULL) {
        portUnload(DriverObject);
    }

    NT_ASSERT(IsListEmpty(&g_Rv->Adapters));
    ExFreePoolWithTag(g_Rv, RV_TAG);
    g_Rv = NULL;

    RV_TRACE("unloaded");
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    NTSTATUS status;

    g_Rv = (PRV_DRIVER)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(RV_DRIVER), RV_TAG);
    if (g_Rv == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&g_Rv->Lock);
    InitializeListHead(&g_Rv->Adapters);
    g_Rv->DiskBytes = RvReadDiskBytes(RegistryPath);

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;

    hwInit.HwFindAdapter = RvHwFindAdapter;
    hwInit.HwInitialize = RvHwInitialize;
    hwInit.HwStartIo = RvHwStartIo;
    hwInit.HwResetBus = RvHwResetBus;
    hwInit.HwAdapterControl = RvHwAdapterControl;
    hwInit.HwFreeAdapterResources = RvHwFreeAdapterResources;

    hwInit.DeviceExtensionSize = sizeof(RV_ADAPTER);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;
    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;
    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (status != STATUS_SUCCESS) {
        RV_TRACE("StorPortInitialize failed 0x%08X", status);
        ExFreePoolWithTag(g_Rv, RV_TAG);
        g_Rv = NULL;
        return status;
    }

    // Storport has set its own DriverUnload; run ours around it
    g_Rv->PortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = RvDriverUnload;

    RV_TRACE("initialized, %I64u bytes per adapter", g_Rv->DiskBytes);
    return status;
}
