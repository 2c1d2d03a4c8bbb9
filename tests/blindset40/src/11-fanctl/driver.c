/*++

Module Name:

    driver.c

Abstract:

    DriverEntry for the FC-4 fan controller.

Environment:

    Kernel mode, KMDF 1.15+

--*/

#include "fanctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FanEvtDriverUnload)
#endif

/*++

Routine Description:

    Creates the framework driver object and reads the optional
    Parameters\PollIntervalMs value into the driver context.

Return Value:

    NTSTATUS of WdfDriverCreate; a missing registry value is not an error.

--*/
_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG       config;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFDRIVER               driver;
    WDFKEY                  paramsKey;
    PFAN_DRIVER_CONTEXT     driverContext;
    ULONG                   value;
    NTSTATUS                status;
    DECLARE_CONST_UNICODE_STRING(pollValueName, L"PollIntervalMs");

    FanPrint(DPFLTR_INFO_LEVEL, "DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, FanEvtDeviceAdd);
    config.EvtDriverUnload = FanEvtDriverUnload;
    config.DriverPoolTag   = FAN_POOL_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FAN_DRIVER_CONTEXT);

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        FanPrint(DPFLTR_ERROR_LEVEL, "WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    driverContext = FanGetDriverContext(driver);
    driverContext->PollIntervalMs = FAN_DEFAULT_POLL_MS;

    //
    // Optional tuning.  The key is closed on every path.
    //

    status = WdfDriverOpenParametersRegistryKey(driver, KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES, &paramsKey);
    if (NT_SUCCESS(status)) {

        status = WdfRegistryQueryULong(paramsKey, &pollValueName, &value);
        if (NT_SUCCESS(status) && value >= 100 && value <= 60000) {
            driverContext->PollIntervalMs = value;
        }

        WdfRegistryClose(paramsKey);
    }

    FanPrint(DPFLTR_INFO_LEVEL, "poll interval %lu ms", driverContext->PollIntervalMs);

    //
    // Registry problems only mean defaults; the driver object exists.
    //

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FanEvtDriverUnload(
    WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    FanPrint(DPFLTR_INFO_LEVEL, "unload");
}
