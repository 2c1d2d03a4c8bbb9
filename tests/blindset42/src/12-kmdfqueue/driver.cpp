// driver.cpp - DriverEntry for tickdev
#include <initguid.h>
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    TraceEvents(TL_INFO, TRACE_DRIVER, "%s Entry", __FUNCTION__);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = tick::EvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, tick::EvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %08X", status);
        return status;
    }

    TraceEvents(TL_INFO, TRACE_DRIVER, "%s Exit", __FUNCTION__);
    return status;
}

#pragma code_seg("PAGE")
namespace tick {

_Use_decl_annotations_
NTSTATUS EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TL_INFO, TRACE_DRIVER, "%s", __FUNCTION__);
    return CreateDevice(DeviceInit);
}

_Use_decl_annotations_
VOID EvtDriverContextCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    TraceEvents(TL_INFO, TRACE_DRIVER, "%s", __FUNCTION__);
}

} // namespace tick
#pragma code_seg()
