/*
 * driver.c - entry point and AddDevice for irqring.sys
 */
#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>
#include "irqring.h"

static NTSTATUS IrqRingQueueInit(_In_ WDFDEVICE Device, _In_ PIRQRING_CONTEXT Ctx);
static NTSTATUS IrqRingAllocRing(_In_ WDFDEVICE Device, _In_ PIRQRING_CONTEXT Ctx);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, IrqRingEvtDeviceAdd)
#pragma alloc_text(PAGE, IrqRingQueueInit)
#pragma alloc_text(PAGE, IrqRingAllocRing)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS          status;

    DBG_INFO("DriverEntry");

    WDF_DRIVER_CONFIG_INIT(&config, IrqRingEvtDeviceAdd);
    config.DriverPoolTag = IRQRING_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("WdfDriverCreate failed 0x%08X", status);
    }
    return status;
}

static NTSTATUS
IrqRingAllocRing(
    _In_ WDFDEVICE        Device,
    _In_ PIRQRING_CONTEXT Ctx
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS              status;

    PAGED_CODE();

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfSpinLockCreate(&attributes, &Ctx->RingLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, IRQRING_TAG,
                             IRQRING_RING_SLOTS * sizeof(ULONG),
                             &Ctx->RingMemory, (PVOID*)&Ctx->Ring);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Ctx->Head  = 0;
    Ctx->Count = 0;
    return STATUS_SUCCESS;
}

static NTSTATUS
IrqRingQueueInit(
    _In_ WDFDEVICE        Device,
    _In_ PIRQRING_CONTEXT Ctx
    )
{
    WDF_IO_QUEUE_CONFIG config;

    UNREFERENCED_PARAMETER(Ctx);
    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
    config.EvtIoRead = IrqRingEvtIoRead;
    return WdfIoQueueCreate(Device, &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS
IrqRingEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                     status;
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES        attributes;
    WDF_INTERRUPT_CONFIG         intConfig;
    WDFDEVICE                    device;
    PIRQRING_CONTEXT             ctx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = IrqRingEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = IrqRingEvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = IrqRingEvtD0Entry;
    pnp.EvtDeviceD0Exit          = IrqRingEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, IRQRING_CONTEXT);
    attributes.EvtCleanupCallback = IrqRingEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = IrqRingGetContext(device);
    ctx->Device = device;

    WDF_INTERRUPT_CONFIG_INIT(&intConfig, IrqRingEvtInterruptIsr, IrqRingEvtInterruptDpc);
    intConfig.EvtInterruptEnable  = IrqRingEvtInterruptEnable;
    intConfig.EvtInterruptDisable = IrqRingEvtInterruptDisable;

    status = WdfInterruptCreate(device, &intConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Interrupt);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("WdfInterruptCreate 0x%08X", status);
        goto Fail;
    }

    status = IrqRingAllocRing(device, ctx);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("ring alloc 0x%08X", status);
        goto Fail;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_IRQRING, NULL);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("WdfDeviceCreateDeviceInterface 0x%08X", status);
        goto Fail;
    }

    status = IrqRingQueueInit(device, ctx);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("queues 0x%08X", status);
        goto Fail;
    }

    return STATUS_SUCCESS;

Fail:
    /* don't leave a half-built device hanging off the stack */
    WdfObjectDelete(device);
    return status;
}
