/*
 * device.c - KbFilter device add, power, the connect hook, stats timer
 */
#include "kbfilter.h"

static VOID KbFilter_Forward(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KbFilter_EvtDeviceAdd)
#endif

NTSTATUS
KbFilter_EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES        attributes;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_IO_QUEUE_CONFIG          queueConfig;
    WDF_TIMER_CONFIG             timerConfig;
    WDFDEVICE                    device;
    PKBF_DEVICE_CONTEXT          ctx;
    NTSTATUS                     status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    KdPrint(("KbFilter: EvtDeviceAdd\n"));

    // we sit above kbdclass... below, actually: upper filter of the port
    // driver's FDO, same spot as kbfiltr
    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = KbFilter_EvtDeviceD0Entry;
    pnpPower.EvtDeviceD0Exit  = KbFilter_EvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KBF_DEVICE_CONTEXT);

    // on failure the framework frees DeviceInit itself (EvtDriverDeviceAdd case)
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KbFilter: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    ctx = KbfGetContext(device);
    ctx->Device = device;

    //
    // everything below is parented to the device: if we fail from here on
    // the framework deletes the device and all its children
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->StatsLock);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KbFilter: WdfSpinLockCreate failed 0x%x\n", status));
        return status;
    }

    // only internal ioctls; everything else is forwarded by the framework
    // because we are a filter
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = KbFilter_EvtIoInternalDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KbFilter: WdfIoQueueCreate failed 0x%x\n", status));
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, KbFilter_EvtStatsTimer, g_StatsIntervalMs);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->StatsTimer);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KbFilter: WdfTimerCreate failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
KbFilter_EvtDeviceD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PKBF_DEVICE_CONTEXT ctx = KbfGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(ctx->StatsTimer, WDF_REL_TIMEOUT_IN_MS(g_StatsIntervalMs));
    return STATUS_SUCCESS;
}

NTSTATUS
KbFilter_EvtDeviceD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PKBF_DEVICE_CONTEXT ctx = KbfGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    // wait for a running timer callback before the device goes down
    WdfTimerStop(ctx->StatsTimer, TRUE);
    return STATUS_SUCCESS;
}

VOID
KbFilter_EvtStatsTimer(
    _In_ WDFTIMER Timer
    )
{
    PKBF_DEVICE_CONTEXT ctx = KbfGetContext(WdfTimerGetParentObject(Timer));
    ULONG down, up, batches;

    WdfSpinLockAcquire(ctx->StatsLock);
    down    = ctx->KeysDown;
    up      = ctx->KeysUp;
    batches = ctx->Batches;
    WdfSpinLockRelease(ctx->StatsLock);

    KdPrint(("KbFilter: %p down=%u up=%u batches=%u\n", ctx->Device, down, up, batches));
}

VOID
KbFilter_EvtIoInternalDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE           device = WdfIoQueueGetDevice(Queue);
    PKBF_DEVICE_CONTEXT ctx    = KbfGetContext(device);
    PCONNECT_DATA       connectData = NULL;
    size_t              length;
    NTSTATUS            status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_INTERNAL_KEYBOARD_CONNECT:
        // only one class driver may connect
        if (ctx->UpperConnectData.ClassService != NULL) {
            status = STATUS_SHARING_VIOLATION;
            break;
        }
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA), (PVOID*)&connectData, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }

        ctx->UpperConnectData = *connectData;

        // hook ourselves in between the port driver and kbdclass
        connectData->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
#pragma warning(push)
#pragma warning(disable:4152)   // function/data pointer conversion
        connectData->ClassService = KbFilter_ServiceCallback;
#pragma warning(pop)
        break;

    case IOCTL_INTERNAL_KEYBOARD_DISCONNECT:
        // never sent in practice (same as the sample)
        status = STATUS_NOT_IMPLEMENTED;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    KbFilter_Forward(Request, WdfDeviceGetIoTarget(device));
}

static VOID
KbFilter_Forward(
    _In_ WDFREQUEST  Request,
    _In_ WDFIOTARGET Target
    )
{
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(Request, Target, &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        KdPrint(("KbFilter: WdfRequestSend failed 0x%x\n", status));
        WdfRequestComplete(Request, status);
    }
}

VOID
KbFilter_ServiceCallback(
    _In_ PDEVICE_OBJECT       DeviceObject,
    _In_ PKEYBOARD_INPUT_DATA InputDataStart,
    _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG            InputDataConsumed
    )
{
    PKBF_DEVICE_CONTEXT  ctx = KbfGetContext(WdfWdmDeviceGetWdfDeviceHandle(DeviceObject));
    PKEYBOARD_INPUT_DATA p;
    ULONG down = 0, up = 0;

    for (p = InputDataStart; p < InputDataEnd; p++) {
        if (p->Flags & KEY_BREAK) up++; else down++;
    }

    WdfSpinLockAcquire(ctx->StatsLock);
    ctx->KeysDown += down;
    ctx->KeysUp   += up;
    ctx->Batches++;
    WdfSpinLockRelease(ctx->StatsLock);

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ctx->UpperConnectData.ClassService)(
        ctx->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}
