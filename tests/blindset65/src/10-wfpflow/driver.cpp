//
// driver.cpp - flowmon KMDF entry / unload
//
#include "flowmon.h"

namespace flowmon { Globals g = {}; }

using namespace flowmon;

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD FlowmonUnload;

static NTSTATUS CreateControlDevice(WDFDRIVER driver)
{
    NTSTATUS status;
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_KERNEL_ONLY);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &g.Control);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);    // still ours when WdfDeviceCreate fails
        return status;
    }

    WdfControlFinishInitializing(g.Control);
    g.Wdm = WdfDeviceWdmGetDeviceObject(g.Control);
    return STATUS_SUCCESS;
}

static void DeleteControlDevice()
{
    if (g.Control != nullptr) {
        WdfObjectDelete(g.Control);
        g.Control = nullptr;
        g.Wdm = nullptr;
    }
}

static void FlowmonUnload(WDFDRIVER driver)
{
    UNREFERENCED_PARAMETER(driver);

    // 1. no new filters / BFE callbacks, 2. callouts off (drains flow
    // contexts), 3. only then the device object the callouts were bound to
    StopManagement();
    UnregisterCallouts();
    DeleteControlDevice();

    NT_ASSERT(IsListEmpty(&g.Flows));
    FM_TRACE("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDFDRIVER driver = nullptr;
    WDF_DRIVER_CONFIG config;

    KeInitializeSpinLock(&g.FlowLock);
    InitializeListHead(&g.Flows);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = FlowmonUnload;

    CHECK(WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                          &config, &driver), out);
    CHECK(CreateControlDevice(driver), out);
    CHECK(RegisterCallouts(g.Wdm), delete_device);
    CHECK(StartManagement(g.Wdm), unregister);

    FM_TRACE("loaded: established=%u stream=%u", g.EstablishedId, g.StreamId);
    return STATUS_SUCCESS;

unregister:
    UnregisterCallouts();
delete_device:
    DeleteControlDevice();
out:
    return status;
}
