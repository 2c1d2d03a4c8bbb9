/*
 * driver.c - DriverEntry and unload of VStorDisk.
 */
#include "vstor.h"

PVS_DRIVER_GLOBALS VsGlobals = NULL;

static VOID
VsReadRegistrySettings(_In_ PVS_DRIVER_GLOBALS Globals)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG lunSize = VS_DEFAULT_LUN_MB;
    ULONG luns = 1;
    WCHAR pathBuffer[260];
    UNICODE_STRING path;

    RtlInitEmptyUnicodeString(&path, pathBuffer, sizeof(pathBuffer) - sizeof(WCHAR));
    if (!NT_SUCCESS(RtlAppendUnicodeStringToString(&path, &Globals->RegistryPath)) ||
        !NT_SUCCESS(RtlAppendUnicodeToString(&path, L"\\Parameters\\Device"))) {
        return;
    }
    pathBuffer[path.Length / sizeof(WCHAR)] = UNICODE_NULL;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"LunSizeMB";
    table[0].EntryContext = &lunSize;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"LunsPerHba";
    table[1].EntryContext = &luns;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    if (NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                          pathBuffer, table, NULL, NULL))) {
        if (lunSize >= 1 && lunSize <= 4096) {
            Globals->LunSizeMB = lunSize;
        }
        if (luns >= 1 && luns <= VS_MAX_LUNS) {
            Globals->LunsPerHba = luns;
        }
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA  hwInit;
    PVS_DRIVER_GLOBALS              globals;
    ULONG                           status;

    globals = (PVS_DRIVER_GLOBALS)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                  sizeof(VS_DRIVER_GLOBALS) + RegistryPath->Length,
                                                  VS_TAG);
    if (globals == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    globals->DriverObject = DriverObject;
    KeInitializeSpinLock(&globals->HbaListLock);
    InitializeListHead(&globals->HbaList);
    globals->LunSizeMB = VS_DEFAULT_LUN_MB;
    globals->LunsPerHba = 1;

    /* Registry path copy lives in the same block, right after the struct. */
    globals->RegistryPath.Buffer = (PWCH)(globals + 1);
    globals->RegistryPath.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&globals->RegistryPath, RegistryPath);

    VsReadRegistrySettings(globals);

    /* Publish before StorPortInitialize: HwFindAdapter reads it. */
    VsGlobals = globals;

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;
    hwInit.HwInitialize             = VsHwInitialize;
    hwInit.HwStartIo                = VsHwStartIo;
    hwInit.HwFindAdapter            = VsHwFindAdapter;
    hwInit.HwResetBus               = VsHwResetBus;
    hwInit.HwAdapterControl         = VsHwAdapterControl;
    hwInit.HwFreeAdapterResources   = VsHwFreeAdapterResources;
    hwInit.DeviceExtensionSize      = sizeof(VS_HBA_EXTENSION);
    hwInit.SpecificLuExtensionSize  = 0;
    hwInit.SrbExtensionSize         = 0;
    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;
    hwInit.PortVersionFlags         = 0;

    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (status != STATUS_SUCCESS) {
        VsGlobals = NULL;
        ExFreePoolWithTag(globals, VS_TAG);
        return (NTSTATUS)status;
    }

    //
    // Storport installed its own unload routine. Keep it and put ours in
    // front so the globals are freed after Storport is done with the HBAs.
    //
    globals->StorportUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = VsDriverUnload;

    return STATUS_SUCCESS;
}

VOID
VsDriverUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PVS_DRIVER_GLOBALS globals = VsGlobals;

    if (globals->StorportUnload != NULL) {
        globals->StorportUnload(DriverObject);
    }

    NT_ASSERT(IsListEmpty(&globals->HbaList));

    VsGlobals = NULL;
    ExFreePoolWithTag(globals, VS_TAG);
}
