//
// driver.cpp - DriverEntry and parameter loading for vbusenum
//
#include "vbus.h"

UNICODE_STRING  vbus::Config::RegistryPath = { 0, 0, nullptr };
ULONG           vbus::Config::DefaultChildren = VBUS_DEFAULT_CHILDREN;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

//
// Reads Parameters\ChildCount below the service key. Called from AddDevice
// so a "disable/enable" of the bus picks up a new count without a reboot.
//
NTSTATUS
vbus::Config::Load(_Out_ PULONG ChildCount)
{
    OBJECT_ATTRIBUTES   oa;
    HANDLE              hService = nullptr;
    ULONG               value = DefaultChildren;
    ULONG               defaultValue = DefaultChildren;
    NTSTATUS            status;

    PAGED_CODE();

    *ChildCount = DefaultChildren;

    InitializeObjectAttributes(&oa,
                               &RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr,
                               nullptr);

    status = ZwOpenKey(&hService, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        LOGERR("ZwOpenKey(service) 0x%08X, using defaults", status);
        return STATUS_SUCCESS;
    }

    RTL_QUERY_REGISTRY_TABLE table[3];
    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = const_cast<PWSTR>(L"Parameters");

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = const_cast<PWSTR>(L"ChildCount");
    table[1].EntryContext  = &value;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &defaultValue;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE,
                                    static_cast<PCWSTR>(hService),
                                    table,
                                    nullptr,
                                    nullptr);
    ZwClose(hService);

    if (NT_SUCCESS(status) && value >= 1 && value <= VBUS_MAX_CHILDREN) {
        *ChildCount = value;
    }

    LOG("ChildCount=%lu (query 0x%08X)", *ChildCount, status);
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG   config;
    NTSTATUS            status;

    LOG("DriverEntry %wZ", RegistryPath);

    //
    // Remember where our service key lives for Config::Load().
    //
    vbus::Config::RegistryPath = *RegistryPath;

    WDF_DRIVER_CONFIG_INIT(&config, vbus::EvtDeviceAdd);
    config.DriverPoolTag = VBUS_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDriverCreate 0x%08X", status);
    }

    return status;
}
