/*++

Copyright (c) Northgate Instruments.  All rights reserved.

Module Name:

    driver.c

Abstract:

    DriverEntry and driver-wide cleanup for the NGI-4410 driver.

Environment:

    Kernel mode, KMDF

--*/

#include "pcidma.h"

//
// {7B0E6C2A-3F61-4D1B-9A2E-5C8D0F4B1E77}
//
static const GUID PdEtwProviderGuid =
    { 0x7b0e6c2a, 0x3f61, 0x4d1b, { 0x9a, 0x2e, 0x5c, 0x8d, 0x0f, 0x4b, 0x1e, 0x77 } };

PD_GLOBALS PdGlobals;

static VOID
PdReadParameters(
    _In_ WDFDRIVER Driver,
    _Inout_ PPD_DRIVER_CONTEXT DrvCtx
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, PdReadParameters)
#pragma alloc_text(PAGE, PdEvtDriverContextCleanup)
#endif

VOID
PdTrace(
    _In_ UCHAR Level,
    _In_z_ PCWSTR Message,
    _In_ NTSTATUS Status
    )
{
    WCHAR line[160];

    if (!PdGlobals.EtwRegistered) {
        return;
    }

    if (NT_SUCCESS(Status)) {
        EtwWriteString(PdGlobals.EtwHandle, Level, 0, NULL, Message);
        return;
    }

    //
    // Best effort: on formatting failure log the bare message.
    //
    if (NT_SUCCESS(RtlStringCchPrintfW(line, RTL_NUMBER_OF(line), L"%s (0x%08X)",
                                       Message, Status))) {
        EtwWriteString(PdGlobals.EtwHandle, Level, 0, NULL, line);
    } else {
        EtwWriteString(PdGlobals.EtwHandle, Level, 0, NULL, Message);
    }
}

static VOID
PdReadParameters(
    _In_ WDFDRIVER Driver,
    _Inout_ PPD_DRIVER_CONTEXT DrvCtx
    )
/*++

Routine Description:

    Reads optional tunables from the service's Parameters key.  Every value
    is optional; anything missing or out of range keeps its default.

--*/
{
    NTSTATUS status;
    WDFKEY key = NULL;
    ULONG value;
    DECLARE_CONST_UNICODE_STRING(maxTransferName, L"MaxTransferLength");
    DECLARE_CONST_UNICODE_STRING(descCountName, L"DescriptorCount");

    PAGED_CODE();

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        //
        // No Parameters key: defaults.
        //
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &maxTransferName, &value)) &&
        value >= PAGE_SIZE && value <= 16 * 1024 * 1024) {
        DrvCtx->MaxTransferLength = value;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &descCountName, &value)) &&
        value >= PD_MIN_DESC_COUNT && value <= PD_MAX_DESC_COUNT) {
        DrvCtx->DescriptorCount = value;
    }

    WdfRegistryClose(key);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    PPD_DRIVER_CONTEXT drvCtx;
    PPD_GLOBALS globals = &PdGlobals;

    //
    // Tracing first so that WdfDriverCreate failures can be logged.  A
    // failure to register is not fatal; PdTrace checks EtwRegistered.
    //
    RtlZeroMemory(globals, sizeof(*globals));
    globals->EtwRegistered =
        NT_SUCCESS(EtwRegister(&PdEtwProviderGuid, NULL, NULL, &globals->EtwHandle));

    WDF_DRIVER_CONFIG_INIT(&config, PdEvtDeviceAdd);
    config.DriverPoolTag = PD_POOL_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PD_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = PdEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {

        PD_TRACE_ERROR("WdfDriverCreate failed", status);

        //
        // No driver object, so PdEvtDriverContextCleanup will not run.
        //
        if (globals->EtwRegistered) {
            EtwUnregister(globals->EtwHandle);
            globals->EtwRegistered = FALSE;
        }
        return status;
    }

    //
    // From here on the cleanup callback owns the ETW registration.
    //
    drvCtx = PdGetDriverContext(driver);
    drvCtx->MaxTransferLength = PD_DEFAULT_MAX_TRANSFER;
    drvCtx->DescriptorCount = PD_DEFAULT_DESC_COUNT;

    PdReadParameters(driver, drvCtx);

    PD_TRACE_INFO("NGI-4410 driver loaded");

    return STATUS_SUCCESS;
}

VOID
PdEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    PD_TRACE_INFO("NGI-4410 driver unloading");

    if (PdGlobals.EtwRegistered) {
        EtwUnregister(PdGlobals.EtwHandle);
        PdGlobals.EtwRegistered = FALSE;
    }
}
