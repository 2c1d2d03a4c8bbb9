/*++
Module Name:
    device.c

Abstract:
    Device creation, PnP/power callbacks and the IOCTL queue.
--*/
#define UCR_DEFINE_GUIDS
#include "ucr.h"

static
NTSTATUS
UcrCreateQueues(
    _In_ PDEVICE_CONTEXT Ctx
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UcrEvtDeviceAdd)
#pragma alloc_text(PAGE, UcrEvtPrepareHardware)
#pragma alloc_text(PAGE, UcrCreateQueues)
#endif

_Use_decl_annotations_
NTSTATUS
UcrEvtDeviceAdd(
    WDFDRIVER       Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                      status;
    WDF_PNPPOWER_EVENT_CALLBACKS  pnpPower;
    WDF_OBJECT_ATTRIBUTES         attributes;
    WDF_DEVICE_PNP_CAPABILITIES   pnpCaps;
    WDFDEVICE                     device;
    PDEVICE_CONTEXT               ctx;

    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDevicePrepareHardware = UcrEvtPrepareHardware;
    pnpPower.EvtDeviceD0Entry = UcrEvtD0Entry;
    pnpPower.EvtDeviceD0Exit = UcrEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    RETURN_IF_NT_FAILED(status);

    ctx = UcrGetDeviceContext(device);
    ctx->Device = device;

    WDF_DEVICE_PNP_CAPABILITIES_INIT(&pnpCaps);
    pnpCaps.SurpriseRemovalOK = WdfTrue;
    WdfDeviceSetPnpCapabilities(device, &pnpCaps);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    RETURN_IF_NT_FAILED(WdfSpinLockCreate(&attributes, &ctx->StatsLock));

    RETURN_IF_NT_FAILED(UcrCreateQueues(ctx));

    RETURN_IF_NT_FAILED(WdfDeviceCreateDeviceInterface(device,
                                                       &GUID_DEVINTERFACE_UCR,
                                                       NULL));

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
UcrCreateQueues(
    PDEVICE_CONTEXT Ctx
    )
{
    NTSTATUS            status;
    WDF_IO_QUEUE_CONFIG queueConfig;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = UcrEvtIoDeviceControl;

    status = WdfIoQueueCreate(Ctx->Device,
                              &queueConfig,
                              WDF_NO_OBJECT_ATTRIBUTES,
                              &Ctx->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        UCR_ERR("default queue 0x%08X", status);
        return status;
    }

    //
    // Sample requests park in a manual queue until the interrupt pipe
    // delivers data. The queue is not power managed so that pending
    // requests survive a Dx transition and are completed on wake.
    //
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    queueConfig.PowerManaged = WdfFalse;

    status = WdfIoQueueCreate(Ctx->Device,
                              &queueConfig,
                              WDF_NO_OBJECT_ATTRIBUTES,
                              &Ctx->PendingSampleQueue);
    if (!NT_SUCCESS(status)) {
        UCR_ERR("manual queue 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
UcrEvtPrepareHardware(
    WDFDEVICE    Device,
    WDFCMRESLIST ResourceList,
    WDFCMRESLIST ResourceListTranslated
    )
{
    NTSTATUS        status;
    PDEVICE_CONTEXT ctx = UcrGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);

    PAGED_CODE();

    if (ctx->UsbDevice != NULL) {
        //
        // Already configured (restart after stop/rebalance).
        //
        return STATUS_SUCCESS;
    }

    status = UcrConfigureUsbDevice(ctx);
    if (!NT_SUCCESS(status)) {
        UCR_ERR("configure 0x%08X", status);
        return status;
    }

    if (g_UcrGlobals.Params.SelectiveSuspend != 0) {
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;

        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleUsbSelectiveSuspend);
        idle.IdleTimeout = 10000;
        status = WdfDeviceAssignS0IdleSettings(Device, &idle);
        if (!NT_SUCCESS(status)) {
            //
            // Not fatal: the device simply stays in D0.
            //
            UCR_INFO("idle settings 0x%08X", status);
            status = STATUS_SUCCESS;
        }
    }

    return status;
}

_Use_decl_annotations_
NTSTATUS
UcrEvtD0Entry(
    WDFDEVICE              Device,
    WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT ctx = UcrGetDeviceContext(Device);
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(PreviousState);

    if (!ctx->ReaderConfigured) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    status = WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe));
    if (!NT_SUCCESS(status)) {
        UCR_ERR("pipe start 0x%08X", status);
    }
    return status;
}

_Use_decl_annotations_
NTSTATUS
UcrEvtD0Exit(
    WDFDEVICE              Device,
    WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDEVICE_CONTEXT ctx = UcrGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe),
                    WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
UcrEvtIoDeviceControl(
    WDFQUEUE   Queue,
    WDFREQUEST Request,
    size_t     OutputBufferLength,
    size_t     InputBufferLength,
    ULONG      IoControlCode
    )
{
    NTSTATUS        status = STATUS_INVALID_DEVICE_REQUEST;
    PDEVICE_CONTEXT ctx = UcrGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PUCR_STATS      stats;
    size_t          info = 0;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_UCR_GET_SAMPLE:
        if (OutputBufferLength < g_UcrGlobals.Params.TransferSize) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestForwardToIoQueue(Request, ctx->PendingSampleQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    case IOCTL_UCR_GET_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request,
                                                sizeof(UCR_STATS),
                                                (PVOID *)&stats,
                                                NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->StatsLock);
        *stats = ctx->Stats;
        WdfSpinLockRelease(ctx->StatsLock);
        info = sizeof(UCR_STATS);
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
