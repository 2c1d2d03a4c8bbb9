/*
 * driver.c - DriverEntry and driver wide bits of kramdisk
 */
#include "ramdisk.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KrdEvtDriverContextCleanup)
#pragma alloc_text(PAGE, KrdQueryDiskSizeMb)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = KrdEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, KrdEvtDeviceAdd);
    config.DriverPoolTag = KRD_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER,
                    "WdfDriverCreate failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");
    return status;
}

VOID
KrdEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}

//
// Parameters\DiskSizeMB, defaults to KRD_DEFAULT_MB.  Anything silly is
// clamped, a ram disk of 2GB on a test VM is not a good idea.
//
ULONG
KrdQueryDiskSizeMb(
    _In_ WDFDRIVER Driver
    )
{
    WDFKEY key = NULL;
    ULONG value = KRD_DEFAULT_MB;
    DECLARE_CONST_UNICODE_STRING(valueName, L"DiskSizeMB");
    NTSTATUS status;

    PAGED_CODE();

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        status = WdfRegistryQueryULong(key, &valueName, &value);
        if (!NT_SUCCESS(status)) {
            value = KRD_DEFAULT_MB;
        }
        WdfRegistryClose(key);
    }

    if (value < 1 || value > 256) {
        value = KRD_DEFAULT_MB;
    }
    return value;
}
