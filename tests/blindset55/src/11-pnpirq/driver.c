/*
 * driver.c - DriverEntry and EvtDriverDeviceAdd
 */
#include "pnpirq.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PnpIrqEvtDeviceAdd)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS          status;

    WDF_DRIVER_CONFIG_INIT(&config, PnpIrqEvtDeviceAdd);
    config.DriverPoolTag = PNPIRQ_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    PLOG("WdfDriverCreate 0x%08X", status);
    return status;
}

/*
 * Anything created here is parented to the device, so on failure we just
 * return the status: the framework deletes the half-built device for us.
 */
NTSTATUS
PnpIrqEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES        attributes;
    WDF_INTERRUPT_CONFIG         intCfg;
    WDF_TIMER_CONFIG             timerCfg;
    WDF_WORKITEM_CONFIG          workCfg;
    WDFDEVICE                    device;
    PPNPIRQ_CONTEXT              ctx;
    NTSTATUS                     status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = PnpIrqEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = PnpIrqEvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = PnpIrqEvtD0Entry;
    pnp.EvtDeviceD0Exit          = PnpIrqEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PNPIRQ_CONTEXT);
    attributes.EvtDestroyCallback = PnpIrqEvtDeviceDestroy;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        PLOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = PnpIrqGetContext(device);
    ctx->Device = device;

    ctx->LatencyLog = (PULONG64)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                PNPIRQ_LOG_ENTRIES * sizeof(ULONG64),
                                                PNPIRQ_TAG);
    if (ctx->LatencyLog == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;   /* destroy callback copes with NULL */
    }

    WDF_INTERRUPT_CONFIG_INIT(&intCfg, PnpIrqEvtIsr, PnpIrqEvtDpc);
    intCfg.EvtInterruptEnable  = PnpIrqEvtInterruptEnable;
    intCfg.EvtInterruptDisable = PnpIrqEvtInterruptDisable;

    status = WdfInterruptCreate(device, &intCfg, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Interrupt);
    if (!NT_SUCCESS(status)) {
        PLOG("WdfInterruptCreate 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    WDF_TIMER_CONFIG_INIT(&timerCfg, PnpIrqEvtWatchdog);
    status = WdfTimerCreate(&timerCfg, &attributes, &ctx->Watchdog);
    if (!NT_SUCCESS(status)) {
        PLOG("WdfTimerCreate 0x%08X", status);
        return status;
    }

    WDF_WORKITEM_CONFIG_INIT(&workCfg, PnpIrqEvtResetWork);
    status = WdfWorkItemCreate(&workCfg, &attributes, &ctx->ResetWork);
    if (!NT_SUCCESS(status)) {
        PLOG("WdfWorkItemCreate 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}
