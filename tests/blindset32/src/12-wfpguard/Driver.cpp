#include <initguid.h>
#include "WfpGuard.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD EvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EvtDriverUnload)
#endif

GuardStats g_Stats;
static WDFDEVICE g_Device;

static NTSTATUS
CreateControlDevice(
    _In_ WDFDRIVER Driver,
    _Out_ WDFDEVICE* Device
    )
{
    DECLARE_CONST_UNICODE_STRING(name, WG_DEVICE_NAME);

    *Device = nullptr;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_KERNEL_ONLY);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    NTSTATUS status = WdfDeviceInitAssignName(init, &name);
    if (NT_SUCCESS(status)) {
        // on success the framework takes ownership and sets init to NULL
        status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, Device);
    }
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        *Device = nullptr;
        return status;
    }

    WdfControlFinishInitializing(*Device);
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EvtDriverUnload;
    config.DriverPoolTag = WG_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        WG_LOG(DPFLTR_ERROR_LEVEL, "WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = CreateControlDevice(driver, &g_Device);
    if (!NT_SUCCESS(status)) {
        WG_LOG(DPFLTR_ERROR_LEVEL, "CreateControlDevice 0x%08X", status);
        return status;
    }

    status = Injector::Create();
    if (!NT_SUCCESS(status)) {
        WG_LOG(DPFLTR_ERROR_LEVEL, "FwpsInjectionHandleCreate 0x%08X", status);
        goto DeleteDevice;
    }

    // registers every entry or none
    status = CalloutTable::RegisterAll(WdfDeviceWdmGetDeviceObject(g_Device));
    if (!NT_SUCCESS(status)) {
        goto DestroyInjector;
    }

    status = Engine::Open();
    if (!NT_SUCCESS(status)) {
        WG_LOG(DPFLTR_ERROR_LEVEL, "FwpmEngineOpen 0x%08X (BFE running?)", status);
        goto UnregisterCallouts;
    }

    status = Engine::AddObjects();
    if (!NT_SUCCESS(status)) {
        WG_LOG(DPFLTR_ERROR_LEVEL, "AddObjects 0x%08X", status);
        goto CloseEngine;
    }

    WG_LOG(DPFLTR_INFO_LEVEL, "loaded, %lu callouts", CalloutTable::s_Count);
    return STATUS_SUCCESS;

CloseEngine:
    Engine::Close();
UnregisterCallouts:
    CalloutTable::UnregisterAll();
DestroyInjector:
    Injector::Destroy();
DeleteDevice:
    WdfObjectDelete(g_Device);
    g_Device = nullptr;
    return status;
}

//
// Reverse of DriverEntry.  Callouts must be gone before the device object
// that owns them is deleted, and the injection handle must be destroyed
// before we return.
//
static
VOID
EvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    Engine::Close();                // dynamic session: removes filters, callouts, sublayer
    CalloutTable::UnregisterAll();
    Injector::Destroy();

    if (g_Device != nullptr) {
        WdfObjectDelete(g_Device);
        g_Device = nullptr;
    }

    WG_LOG(DPFLTR_INFO_LEVEL, "unloaded, blocked=%lld outbound=%lld",
           g_Stats.Blocked, g_Stats.OutboundPackets);
}
