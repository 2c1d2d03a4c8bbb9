//
// driver.cpp - ttlmangle entry and unload
//
#include "mangle.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD TtlUnload;

static PDEVICE_OBJECT g_Device = nullptr;

static void TtlUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    TLOG("unload, %I64d packets rewritten", ttl::Mangler::s_rewritten);

    ttl::Bfe::Remove();
    ttl::Mangler::UnregisterCallout();
    ttl::Mangler::WaitForInjections();
    ttl::Mangler::FreePools();

    IoDeleteDevice(g_Device);
    g_Device = nullptr;
}

extern "C" NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    UNICODE_STRING name = RTL_CONSTANT_STRING(TTL_DEVICE);
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        TLOG("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = ttl::Mangler::CreatePools(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    status = ttl::Mangler::RegisterCallout(g_Device);
    if (!NT_SUCCESS(status)) {
        TLOG("FwpsCalloutRegister1 0x%08X", status);
        goto fail_pools;
    }

    status = ttl::Bfe::Install();
    if (!NT_SUCCESS(status)) {
        goto fail_callout;
    }

    status = ttl::Mangler::CreateInjection();
    if (!NT_SUCCESS(status)) {
        TLOG("FwpsInjectionHandleCreate0 0x%08X", status);
        ttl::Bfe::Remove();
        goto fail_callout;
    }

    DriverObject->DriverUnload = TtlUnload;
    TLOG("loaded, target ttl %u", TTL_TARGET);
    return STATUS_SUCCESS;

fail_callout:
    ttl::Mangler::UnregisterCallout();
fail_pools:
    ttl::Mangler::FreePools();
fail_device:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
    return status;
}
