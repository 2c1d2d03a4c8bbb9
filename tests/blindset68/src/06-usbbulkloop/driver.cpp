//
// bulkloop.sys -- driver for the FX2-based bulk loopback board we use on the
// production line to soak-test USB ports.  EP2 OUT -> EP6 IN.
//
#include "bulkloop.h"

UNICODE_STRING bulk::Config::s_ServiceKey = {};
ULONG bulk::Config::s_MaxTransfer = BL_MAX_TRANSFER;
BOOLEAN bulk::Config::s_ShortPacketOk = TRUE;

NTSTATUS
bulk::Config::Load(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    // keep our own copy of the service key, RegistryPath dies with DriverEntry
    s_ServiceKey.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED,
                                                            RegistryPath->Length + sizeof(WCHAR),
                                                            BL_TAG));
    if (s_ServiceKey.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    s_ServiceKey.Length = 0;
    s_ServiceKey.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    RtlCopyUnicodeString(&s_ServiceKey, RegistryPath);

    RTL_QUERY_REGISTRY_TABLE table[3] = {};
    ULONG maxXfer = s_MaxTransfer;
    ULONG shortOk = s_ShortPacketOk;

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = const_cast<PWSTR>(L"MaxTransfer");
    table[0].EntryContext = &maxXfer;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = const_cast<PWSTR>(L"AllowShortPackets");
    table[1].EntryContext = &shortOk;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    // missing values are fine, defaults stay
    (void)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 s_ServiceKey.Buffer, table, nullptr, nullptr);

    if (maxXfer >= 512 && maxXfer <= BL_MAX_TRANSFER) {
        s_MaxTransfer = maxXfer;
    }
    s_ShortPacketOk = shortOk ? TRUE : FALSE;
    return STATUS_SUCCESS;
}

void
bulk::Config::Free()
{
    if (s_ServiceKey.Buffer != nullptr) {
        ExFreePoolWithTag(s_ServiceKey.Buffer, BL_TAG);
        s_ServiceKey.Buffer = nullptr;
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    LOG("DriverEntry %wZ", RegistryPath);

    status = bulk::Config::Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        LOGERR("config load %08X", status);
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, BlEvtDeviceAdd);
    config.EvtDriverUnload = BlEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDriverCreate %08X", status);
        return status;
    }

    LOG("max transfer %lu, short packets %s", bulk::Config::s_MaxTransfer,
        bulk::Config::s_ShortPacketOk ? "ok" : "rejected");
    return STATUS_SUCCESS;
}

VOID
BlEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    LOG("unload");
    bulk::Config::Free();
}
