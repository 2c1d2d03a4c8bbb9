//
// driver.cpp - KmdfGuard DriverEntry / EvtDriverUnload
//
#include "guard.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD GuardUnload;

static WDFDEVICE g_control = nullptr;

static void GuardUnload(WDFDRIVER)
{
    PAGED_CODE();

    // callbacks use the pid set (lock parented to the driver object), so they
    // have to be gone before the framework tears the driver object down
    guard::ObGuard::Unregister();

    // non-PnP: the framework deletes the control device after we return
    g_control = nullptr;
    GTRACE("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = GuardUnload;

    WDFDRIVER driver = nullptr;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        GERROR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    // state first, then the ways in (ioctl, object callbacks)
    status = guard::PidSet::Create(driver);
    if (!NT_SUCCESS(status)) {
        GERROR("WdfWaitLockCreate 0x%08X", status);
        return status;
    }

    status = guard::CreateControlDevice(driver, &g_control);
    if (!NT_SUCCESS(status)) {
        GERROR("CreateControlDevice 0x%08X", status);
        return status;
    }

    status = guard::ObGuard::Register();
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(g_control);
        g_control = nullptr;
        return status;
    }

    GTRACE("ready");
    return STATUS_SUCCESS;
}
