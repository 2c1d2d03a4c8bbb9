#include "ctlpipe.h"

WDFDEVICE g_ControlDevice = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtlPipeEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS          status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;

    LOG("DriverEntry (built %s %s)", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = CtlPipeEvtDriverUnload;
    config.DriverPoolTag    = CTLPIPE_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    status = CtlPipeCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        LOGERR("control device setup failed 0x%08X", status);
        return status;
    }

    LOG("loaded, ring is %u bytes", CTLPIPE_RING_SIZE);
    return STATUS_SUCCESS;
}

VOID
CtlPipeEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    LOG("unloading");

    if (g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}
