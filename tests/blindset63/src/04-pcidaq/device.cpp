//
// device.cpp - AddDevice, hardware resources, interrupt and power
//
#include "pcidaq.h"

NTSTATUS
Daq::EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    NTSTATUS                        status;
    WDF_PNPPOWER_EVENT_CALLBACKS    pnp;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_INTERRUPT_CONFIG            intConfig;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDFDEVICE                       device;
    PDAQ_CONTEXT                    ctx;
    KIRQL                           oldIrql;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = EvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = EvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = EvtD0Entry;
    pnp.EvtDeviceD0Exit          = EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DAQ_CONTEXT);
    attributes.EvtCleanupCallback = EvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        DAQ_LOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = DaqGetContext(device);
    InitializeListHead(&ctx->Link);

    WDF_INTERRUPT_CONFIG_INIT(&intConfig, EvtInterruptIsr, EvtInterruptDpc);
    status = WdfInterruptCreate(device, &intConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Interrupt);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = InitializeDma(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // one read at a time, the ring only has one sequencer
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = EvtIoRead;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_PCIDAQ, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeAcquireSpinLock(&Globals::CardListLock, &oldIrql);
    InsertTailList(&Globals::CardList, &ctx->Link);
    KeReleaseSpinLock(&Globals::CardListLock, oldIrql);

    return STATUS_SUCCESS;
}

VOID
Daq::EvtDeviceCleanup(_In_ WDFOBJECT Object)
{
    PDAQ_CONTEXT    ctx = DaqGetContext(static_cast<WDFDEVICE>(Object));
    KIRQL           oldIrql;

    KeAcquireSpinLock(&Globals::CardListLock, &oldIrql);
    RemoveEntryList(&ctx->Link);
    KeReleaseSpinLock(&Globals::CardListLock, oldIrql);
}

NTSTATUS
Daq::EvtPrepareHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST Resources,
                        _In_ WDFCMRESLIST ResourcesTranslated)
{
    PDAQ_CONTEXT    ctx = DaqGetContext(Device);
    ULONG           count = WdfCmResourceListGetCount(ResourcesTranslated);

    UNREFERENCED_PARAMETER(Resources);
    PAGED_CODE();

    for (ULONG i = 0; i < count; i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);

        if (desc != nullptr && desc->Type == CmResourceTypeMemory && ctx->Regs == nullptr &&
            desc->u.Memory.Length >= DAQ_BAR0_MIN_LENGTH) {
            ctx->Regs = static_cast<volatile ULONG*>(
                MmMapIoSpaceEx(desc->u.Memory.Start, desc->u.Memory.Length,
                               PAGE_READWRITE | PAGE_NOCACHE));
            if (ctx->Regs == nullptr) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            ctx->RegsLength = desc->u.Memory.Length;
        }
    }

    if (ctx->Regs == nullptr) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;       // no BAR0
    }

    WriteReg(ctx, DAQ_REG_CONTROL, DAQ_CTRL_RESET);
    return STATUS_SUCCESS;
}

NTSTATUS
Daq::EvtReleaseHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST ResourcesTranslated)
{
    PDAQ_CONTEXT    ctx = DaqGetContext(Device);
    PVOID           regs;
    KIRQL           oldIrql;

    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    KeAcquireSpinLock(&Globals::CardListLock, &oldIrql);
    regs = const_cast<ULONG*>(ctx->Regs);
    ctx->Regs = nullptr;
    KeReleaseSpinLock(&Globals::CardListLock, oldIrql);

    if (regs != nullptr) {
        MmUnmapIoSpace(regs, ctx->RegsLength);
    }
    return STATUS_SUCCESS;
}

NTSTATUS
Daq::EvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    PDAQ_CONTEXT ctx = DaqGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WriteReg(ctx, DAQ_REG_RING_LO, ctx->DescRingLa.LowPart);
    WriteReg(ctx, DAQ_REG_RING_HI, static_cast<ULONG>(ctx->DescRingLa.HighPart));
    WriteReg(ctx, DAQ_REG_INT_MASK, DAQ_STATUS_BLOCK_DONE | DAQ_STATUS_ERROR);
    return STATUS_SUCCESS;
}

NTSTATUS
Daq::EvtD0Exit(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE TargetState)
{
    PDAQ_CONTEXT ctx = DaqGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    WriteReg(ctx, DAQ_REG_INT_MASK, 0);
    WriteReg(ctx, DAQ_REG_CONTROL, DAQ_CTRL_RESET);
    return STATUS_SUCCESS;
}

BOOLEAN
Daq::EvtInterruptIsr(_In_ WDFINTERRUPT Interrupt, _In_ ULONG MessageID)
{
    PDAQ_CONTEXT    ctx = DaqGetContext(WdfInterruptGetDevice(Interrupt));
    ULONG           status;

    UNREFERENCED_PARAMETER(MessageID);

    status = ReadReg(ctx, DAQ_REG_STATUS);
    if ((status & (DAQ_STATUS_BLOCK_DONE | DAQ_STATUS_ERROR)) == 0) {
        return FALSE;
    }

    WriteReg(ctx, DAQ_REG_STATUS, status);      // write-1-to-clear
    ctx->LastStatus = status;
    WdfInterruptQueueDpcForIsr(Interrupt);
    return TRUE;
}
