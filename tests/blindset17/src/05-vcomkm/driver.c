/*
 * driver.c - DriverEntry and driver-wide settings for vcomkm.sys.
 */
#include "vcom.h"

VCOM_SETTINGS g_VcomSettings;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VcomEvtDriverContextCleanup)
#endif

static NTSTATUS
VcomQueryDriverSettings(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PVCOM_SETTINGS Settings
    )
{
    RTL_QUERY_REGISTRY_TABLE table[4];
    ULONG defaultBaud = VCOM_DEFAULT_BAUD;
    ULONG defaultRing = VCOM_RING_SIZE;
    ULONG defaultDos = 1;
    DECLARE_UNICODE_STRING_SIZE(path, 260);
    NTSTATUS status;

    Settings->DefaultBaudRate = defaultBaud;
    Settings->RingSize = defaultRing;
    Settings->CreateDosName = defaultDos;

    status = RtlUnicodeStringCopy(&path, RegistryPath);
    if (NT_SUCCESS(status)) {
        status = RtlUnicodeStringCatString(&path, L"\\Parameters");
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"DefaultBaudRate";
    table[0].EntryContext = &Settings->DefaultBaudRate;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultBaud;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"RingSize";
    table[1].EntryContext = &Settings->RingSize;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultRing;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"CreateDosName";
    table[2].EntryContext = &Settings->CreateDosName;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData = &defaultDos;
    table[2].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path.Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        status = STATUS_SUCCESS;
    }

    if (Settings->RingSize < 256 || Settings->RingSize > 1024 * 1024) {
        Settings->RingSize = defaultRing;
    }
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    VcomDbg(VCOM_DBG_INFO, "built %s %s", __DATE__, __TIME__);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = VcomEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, VcomEvtDeviceAdd);
    config.DriverPoolTag = VCOM_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE);
    VCOM_LOG_IF_FAILED(status, "WdfDriverCreate");

    status = VcomQueryDriverSettings(RegistryPath, &g_VcomSettings);
    VCOM_LOG_IF_FAILED(status, "VcomQueryDriverSettings");

    VcomDbg(VCOM_DBG_INFO, "baud %lu ring %lu dos %lu",
            g_VcomSettings.DefaultBaudRate,
            g_VcomSettings.RingSize,
            g_VcomSettings.CreateDosName);

    return status;
}

VOID
VcomEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    VcomDbg(VCOM_DBG_INFO, "driver cleanup%s", "");
}
