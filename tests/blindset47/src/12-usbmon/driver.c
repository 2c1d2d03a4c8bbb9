#include "usbmon.h"

// {3E9A4C17-7B20-4F6D-8E11-5A2B9C0D6E34}
TRACELOGGING_DEFINE_PROVIDER(UmProvider, "UsbMon.Driver",
    (0x3e9a4c17, 0x7b20, 0x4f6d, 0x8e, 0x11, 0x5a, 0x2b, 0x9c, 0x0d, 0x6e, 0x34));

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attr;
    NTSTATUS status;

    status = TraceLoggingRegister(UmProvider);
    if (!NT_SUCCESS(status))
        return status;

    WDF_DRIVER_CONFIG_INIT(&config, UmEvtDeviceAdd);
    config.EvtDriverUnload = UmEvtDriverUnload;
    config.DriverPoolTag   = UM_TAG;

    /* from here on the provider is unregistered by the driver object's
     * cleanup callback, which also runs if DriverEntry fails later */
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.EvtCleanupCallback = UmEvtDriverCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attr, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceLoggingWrite(UmProvider, "DriverCreateFailed",
                          TraceLoggingLevel(TRACE_LEVEL_ERROR),
                          TraceLoggingNTStatus(status, "Status"));
        TraceLoggingUnregister(UmProvider);
        return status;
    }

    TraceLoggingWrite(UmProvider, "DriverLoaded", TraceLoggingLevel(TRACE_LEVEL_INFORMATION));
    return STATUS_SUCCESS;
}

VOID UmEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    TraceLoggingWrite(UmProvider, "DriverUnload", TraceLoggingLevel(TRACE_LEVEL_INFORMATION));
}

VOID UmEvtDriverCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    TraceLoggingUnregister(UmProvider);
}
