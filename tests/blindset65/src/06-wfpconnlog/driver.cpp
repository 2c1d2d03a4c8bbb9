//
// driver.cpp - KMDF plumbing for connlog
//
#include "connlog.h"

using namespace connlog;

namespace connlog { Globals g = {}; }

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD EvtUnload;

static NTSTATUS CreateControlDevice(_In_ WDFDRIVER driver)
{
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_KERNEL_ONLY);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &g.Control);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WdfControlFinishInitializing(g.Control);
    g.Wdm = WdfDeviceWdmGetDeviceObject(g.Control);
    return STATUS_SUCCESS;
}

static void EvtUnload(_In_ WDFDRIVER driver)
{
    UNREFERENCED_PARAMETER(driver);

    CL_LOG("unload, %I64d connects seen", g.Flows);

    Wfp::RemoveObjects();
    Wfp::UnregisterCallout();

    if (g.Control != nullptr) {
        WdfObjectDelete(g.Control);
        g.Control = nullptr;
        g.Wdm = nullptr;
    }
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDFDRIVER driver;
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = EvtUnload;

    CHECK(WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                          &config, &driver), out);

    CHECK(CreateControlDevice(driver), out);

    Wfp::RegisterCallout(g.Wdm);

    CHECK(Wfp::WatchBfe(g.Wdm), undo_callout);

    CL_LOG("up, callout id %u", g.CalloutId);
    return STATUS_SUCCESS;

undo_callout:
    Wfp::UnregisterCallout();
    WdfObjectDelete(g.Control);
    g.Control = nullptr;
out:
    return status;
}
