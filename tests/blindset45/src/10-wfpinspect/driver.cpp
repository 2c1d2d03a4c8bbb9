// driver.cpp - module sequencing. Up: device, inject, callout, bfe.
// Down (unload and every failure): the exact reverse.
#include "wfpi.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD EvtDriverUnload;

static void EvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    WLOG("unload: %I64d packets, %I64d bytes", wfpi::g_Stats.Packets, wfpi::g_Stats.Bytes);

    wfpi::bfe::Close();             // filters gone, no new classifies
    wfpi::callout::Unregister();    // waits out classifies in flight
    wfpi::inject::Destroy();        // nobody can query it any more
    wfpi::device::Delete();
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver = nullptr;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EvtDriverUnload;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        WERR("WdfDriverCreate 0x%08x", status);
        return status;
    }

    status = wfpi::device::Create(driver);
    if (!NT_SUCCESS(status)) {
        WERR("control device 0x%08x", status);
        return status;
    }
    auto undoDevice = wfpi::MakeGuard([] { wfpi::device::Delete(); });

    status = wfpi::inject::Create();
    if (!NT_SUCCESS(status)) {
        WERR("FwpsInjectionHandleCreate0 0x%08x", status);
        return status;
    }
    auto undoInject = wfpi::MakeGuard([] { wfpi::inject::Destroy(); });

    status = wfpi::callout::Register(wfpi::device::Wdm());
    if (!NT_SUCCESS(status)) {
        WERR("FwpsCalloutRegister1 0x%08x", status);
        return status;
    }
    auto undoCallout = wfpi::MakeGuard([] { wfpi::callout::Unregister(); });

    status = wfpi::bfe::Open();
    if (!NT_SUCCESS(status)) {
        WERR("BFE setup 0x%08x", status);
        return status;
    }

    // fully up: keep everything
    undoCallout.Dismiss();
    undoInject.Dismiss();
    undoDevice.Dismiss();

    WLOG("running");
    return STATUS_SUCCESS;
}
