#include "vsensor.h"
#include "Fdo.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

// address used as the driver object extension id
static const int g_ConfigId = 0;

VS_DRIVER_CONFIG* VsGetConfig(PDRIVER_OBJECT driver)
{
    return static_cast<VS_DRIVER_CONFIG*>(
        IoGetDriverObjectExtension(driver, const_cast<int*>(&g_ConfigId)));
}

NTSTATUS VsReadParameters(PCUNICODE_STRING registryPath, ULONG* baseMilliC, ULONG* noiseMilliC)
{
    ULONG base = *baseMilliC;
    ULONG noise = *noiseMilliC;

    RTL_QUERY_REGISTRY_TABLE table[4] = {};

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = const_cast<PWSTR>(L"Parameters");

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = const_cast<PWSTR>(L"BaseMilliCelsius");
    table[1].EntryContext = &base;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &base;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = const_cast<PWSTR>(L"NoiseMilliCelsius");
    table[2].EntryContext = &noise;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData = &noise;
    table[2].DefaultLength = sizeof(ULONG);

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                             registryPath->Buffer, table, nullptr, nullptr);
    if (NT_SUCCESS(status)) {
        *baseMilliC = base;
        *noiseMilliC = noise;
    }
    return status;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VS_DRIVER_CONFIG* config = nullptr;

    NTSTATUS status = IoAllocateDriverObjectExtension(DriverObject,
                                                      const_cast<int*>(&g_ConfigId),
                                                      sizeof(VS_DRIVER_CONFIG),
                                                      reinterpret_cast<PVOID*>(&config));
    if (!NT_SUCCESS(status)) {
        VS_TRACE("IoAllocateDriverObjectExtension failed %08x", status);
        return status;
    }

    RtlZeroMemory(config, sizeof(*config));
    config->RegistryPath = *RegistryPath;
    config->DefaultBaseMilliC = 36600;
    config->DefaultNoiseMilliC = 250;

    DriverObject->MajorFunction[IRP_MJ_PNP] = SensorFdo::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = SensorFdo::DispatchPower;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SensorFdo::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SensorFdo::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SensorFdo::DispatchIoctl;
    DriverObject->DriverExtension->AddDevice = SensorFdo::AddDevice;

    VS_TRACE("DriverEntry done");
    return STATUS_SUCCESS;
}
