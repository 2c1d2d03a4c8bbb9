/*
 * psumon.c — KMDF function driver for the PMBus power-supply monitor on
 * the Ærøskøbing Systems AS-400R chassis (ACPI id "ASPM0001").
 *
 * Saved as UTF-8 with a BOM by the vendor's IDE. Units in comments use
 * non-ASCII symbols on purpose: ±2 % accuracy, 0–60 °C, 12 V ± 5 %.
 */

#include <ntddk.h>
#include <wdf.h>

#define PSUMON_TAG 'nMsP'

typedef struct _PSUMON_CONTEXT {
    ULONG InputMilliVolts;
    ULONG OutputMilliAmps;
    LONG  TemperatureMilliC;
} PSUMON_CONTEXT, *PPSUMON_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PSUMON_CONTEXT, PsuMonGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD PsuMonEvtDeviceAdd;
EVT_WDF_DEVICE_D0_ENTRY PsuMonEvtD0Entry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PsuMonEvtDeviceAdd)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, PsuMonEvtDeviceAdd);
    config.DriverPoolTag = PSUMON_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("psumon: WdfDriverCreate failed 0x%x\n", status));
    }
    return status;
}

_Use_decl_annotations_
NTSTATUS
PsuMonEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = PsuMonEvtD0Entry;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PSUMON_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(PsuMonGetContext(device), sizeof(PSUMON_CONTEXT));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
PsuMonEvtD0Entry(
    WDFDEVICE Device,
    WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PPSUMON_CONTEXT ctx = PsuMonGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    /* Readings are refreshed by the SMBus polling timer (not shown). */
    ctx->InputMilliVolts = 0;
    ctx->OutputMilliAmps = 0;
    ctx->TemperatureMilliC = 0;
    return STATUS_SUCCESS;
}
