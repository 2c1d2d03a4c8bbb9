/*
 * driver.c
 */
#include <initguid.h>
#include "usbtemp.h"

ULONG g_UtDebugLevel = 1;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, UtReadDebugLevel)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS          status = STATUS_SUCCESS;
    NTSTATUS          ntStatus;

    UtReadDebugLevel(RegistryPath);

    UT_INFO(("DriverEntry: built %s %s\n", __DATE__, __TIME__));

    WDF_DRIVER_CONFIG_INIT(&config, UtEvtDeviceAdd);
    config.DriverPoolTag = UT_TAG;

    ntStatus = WdfDriverCreate(DriverObject,
                               RegistryPath,
                               WDF_NO_OBJECT_ATTRIBUTES,
                               &config,
                               WDF_NO_HANDLE);
    if (!NT_SUCCESS(ntStatus)) {
        UT_ERR(("WdfDriverCreate failed 0x%08X\n", ntStatus));
    }

    UT_INFO(("DriverEntry: done\n"));
    return status;
}

//
// HKLM\...\Services\usbtemp\Parameters : DebugLevel (DWORD)
// Read straight from DriverEntry so that it also applies to WdfDriverCreate
// and the first AddDevice.
//
VOID
UtReadDebugLevel(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG                    level = g_UtDebugLevel;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = L"Parameters";

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"DebugLevel";
    table[1].EntryContext  = &level;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    if (NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                          RegistryPath->Buffer, table, NULL, NULL))) {
        g_UtDebugLevel = level;
    }
}
