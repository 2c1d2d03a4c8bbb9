//
// driver.cpp - kmdfctl entry point
//
#include "kmdfctl.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD CtlEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace ctl {
    ULONG g_MaxEcho = CTL_DEFAULT_MAX_ECHO;
}

namespace {

// Optional tuning under ...\Services\kmdfctl\Parameters
void ReadParameters(WDFDRIVER Driver)
{
    WDFKEY key;
    auto status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        TraceInfo("no Parameters key (0x%08X), using defaults", status);
        return;
    }

    DECLARE_CONST_UNICODE_STRING(maxEchoName, L"MaxEcho");
    ULONG value = 0;
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &maxEchoName, &value)) && value != 0 && value <= 64 * 1024) {
        ctl::g_MaxEcho = value;
    }
    WdfRegistryClose(key);
}

} // namespace

void CtlEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    // the control device (and its symbolic link) is owned by the framework
    // for a non-PnP driver and is deleted after we return
    TraceInfo("unload");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    TraceInfo("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = CtlEvtDriverUnload;
    config.DriverPoolTag    = CTL_TAG;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceError("WdfDriverCreate 0x%08X", status);
        return status;
    }

    ReadParameters(driver);

    if (!ControlDevice::Create(driver)) {
        TraceError("control device could not be created");
        return status;
    }

    TraceInfo("loaded, MaxEcho=%lu", ctl::g_MaxEcho);
    return status;
}
