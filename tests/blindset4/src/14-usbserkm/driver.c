/*
 * driver.c - DriverEntry and driver-wide state of UsbSerKm.
 */
#include "usbser.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, UsInitializeDriverContext)
#pragma alloc_text(PAGE, UsEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG       config;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFDRIVER               driver;
    NTSTATUS                status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, US_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = UsEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, UsEvtDeviceAdd);
    config.DriverPoolTag = US_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    //
    // From here on, a failure status makes the framework delete the
    // driver object, which runs UsEvtDriverContextCleanup (WPP_CLEANUP).
    //
    status = UsInitializeDriverContext(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "driver context init failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");
    return status;
}

/*
 * Driver-wide objects, all parented to the driver object so they are
 * deleted with it.
 */
NTSTATUS
UsInitializeDriverContext(_In_ WDFDRIVER Driver)
{
    PUS_DRIVER_CONTEXT      ctx = UsGetDriverContext(Driver);
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFKEY                  key;
    ULONG                   value;
    NTSTATUS                status;
    DECLARE_CONST_UNICODE_STRING(timeoutName, L"WriteTimeoutMs");

    ctx->WriteTimeoutMs = 2000;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;

    status = WdfLookasideListCreate(&attributes,
                                    US_TRANSFER_BUFFER_SIZE,
                                    NonPagedPoolNx,
                                    WDF_NO_OBJECT_ATTRIBUTES,
                                    US_TAG,
                                    &ctx->TransferLookaside);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfLookasideListCreate failed %!STATUS!", status);
    }

    status = WdfWaitLockCreate(&attributes, &ctx->DeviceListLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfWaitLockCreate failed %!STATUS!", status);
        return status;
    }

    status = WdfCollectionCreate(&attributes, &ctx->Devices);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfCollectionCreate failed %!STATUS!", status);
        return status;
    }

    /* Optional tuning value; absence is normal. */
    if (NT_SUCCESS(WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key))) {
        if (NT_SUCCESS(WdfRegistryQueryULong(key, &timeoutName, &value)) &&
            value >= 100 && value <= 60000) {
            ctx->WriteTimeoutMs = value;
        }
        WdfRegistryClose(key);
    }

    return STATUS_SUCCESS;
}

VOID
UsEvtDriverContextCleanup(_In_ WDFOBJECT DriverObject)
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
