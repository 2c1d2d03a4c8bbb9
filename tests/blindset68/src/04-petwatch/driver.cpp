#include "petwatch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD PwUnload;

pw::Globals pw::g = {};

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG cfg;
    WDFDRIVER driver;
    NTSTATUS status;

    PWLOG("DriverEntry\n");

    WDF_DRIVER_CONFIG_INIT(&cfg, WDF_NO_EVENT_CALLBACK);
    cfg.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    cfg.EvtDriverUnload = PwUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &cfg, &driver);
    if (!NT_SUCCESS(status)) {
        PWLOG("WdfDriverCreate %08X\n", status);
        return status;
    }

    status = pw::CreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = pw::StartWatch();
    if (!NT_SUCCESS(status)) {
        PWLOG("StartWatch %08X\n", status);
        WdfObjectDelete(pw::g.Control);
        pw::g.Control = nullptr;
        return status;
    }

    return STATUS_SUCCESS;
}

static
VOID
PwUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PWLOG("unloading after %ld ticks\n", pw::g.Ticks);

    if (pw::g.Slots != nullptr) {
        ExFreePoolWithTag(pw::g.Slots, PW_TAG);
        pw::g.Slots = nullptr;
    }

    if (pw::g.Timer != nullptr) {
        WdfTimerStop(pw::g.Timer, TRUE);
    }

    if (pw::g.Notify != nullptr) {
        WdfWorkItemFlush(pw::g.Notify);
    }

    if (pw::g.Control != nullptr) {
        WdfObjectDelete(pw::g.Control);
        pw::g.Control = nullptr;
    }
}
