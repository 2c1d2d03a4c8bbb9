//
// kctl.sys - KMDF non-PnP control device (stats / echo)
//
#include "kctl.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD KctlEvtDriverUnload;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KctlInfo("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KctlEvtDriverUnload;
    config.DriverPoolTag = KCTL_TAG;

    WDFDRIVER driver = nullptr;
    RETURN_IF_NT_FAILED(WdfDriverCreate(DriverObject,
                                        RegistryPath,
                                        WDF_NO_OBJECT_ATTRIBUTES,
                                        &config,
                                        &driver));

    RETURN_IF_NT_FAILED(kctl::ControlDevice::Create(driver));

    KctlInfo("ready");
    return STATUS_SUCCESS;
}

static void KctlEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    // non-PnP: the framework tears the control device down with the driver
    kctl::ControlDevice::Forget();
    KctlInfo("unload");
}
