//
// driver.cpp - DriverEntry and driver object callbacks of ramdiskxx
//
#include "ramdisk.h"
#include "driver.tmh"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! built %s", __DATE__);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = rdx::Driver::EvtCleanup;

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, rdx::Device::EvtDeviceAdd);
    config.DriverPoolTag = RDX_TAG;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes,
                                      &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate %!STATUS!", status);
        //
        // No driver object, so EvtCleanup will never run: stop tracing here.
        //
        WPP_CLEANUP(DriverObject);
        return status;
    }

    return STATUS_SUCCESS;
}

namespace rdx {

_Use_decl_annotations_
VOID Driver::EvtCleanup(WDFOBJECT DriverObject)
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(static_cast<WDFDRIVER>(DriverObject)));
}

ULONG Driver::DiskSizeMb(WDFDRIVER Driver)
{
    WDFKEY key = nullptr;
    ULONG mb = RDX_DEFAULT_MB;
    DECLARE_CONST_UNICODE_STRING(valueName, L"DiskSizeMB");

    if (NT_SUCCESS(WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                      WDF_NO_OBJECT_ATTRIBUTES, &key))) {
        if (!NT_SUCCESS(WdfRegistryQueryULong(key, &valueName, &mb))) {
            mb = RDX_DEFAULT_MB;
        }
        WdfRegistryClose(key);
    }
    return (mb == 0 || mb > 512) ? RDX_DEFAULT_MB : mb;
}

} // namespace rdx
