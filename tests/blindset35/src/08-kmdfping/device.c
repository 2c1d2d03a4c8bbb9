/*
 * device.c - control device, queue, heartbeat timer
 */
#include "ping.h"

WDFDEVICE g_ControlDevice = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PingCreateControlDevice)
#pragma alloc_text(PAGE, PingEvtFileCreate)
#pragma alloc_text(PAGE, PingEvtFileClose)
#endif

VOID PingEvtFileCreate(WDFDEVICE Device, WDFREQUEST Request, WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(FileObject);
    PAGED_CODE();

    InterlockedIncrement(&PingGetContext(Device)->OpenHandles);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID PingEvtFileClose(WDFFILEOBJECT FileObject)
{
    WDFDEVICE device = WdfFileObjectGetDevice(FileObject);
    PAGED_CODE();

    InterlockedDecrement(&PingGetContext(device)->OpenHandles);
}

VOID PingEvtHeartbeat(WDFTIMER Timer)
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    LONG ticks = InterlockedIncrement(&PingGetContext(device)->Ticks);

    if ((ticks % 300) == 0) {
        TRACE(("KmdfPing: still alive, %ld ticks\n", ticks));
    }
}

VOID PingEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                            size_t InputBufferLength, ULONG IoControlCode)
{
    PPING_DEVICE_CONTEXT ctx = PingGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID in = NULL, out = NULL;

    switch (IoControlCode) {
    case IOCTL_PING_ECHO:
        if (InputBufferLength == 0 || InputBufferLength > PING_MAX_ECHO ||
            OutputBufferLength < InputBufferLength) {
            status = STATUS_INVALID_BUFFER_SIZE;
            break;
        }
        status = WdfRequestRetrieveInputBuffer(Request, InputBufferLength, &in, NULL);
        if (!NT_SUCCESS(status))
            break;
        status = WdfRequestRetrieveOutputBuffer(Request, InputBufferLength, &out, NULL);
        if (!NT_SUCCESS(status))
            break;
        /* METHOD_BUFFERED: in == out, RtlMoveMemory to be safe */
        RtlMoveMemory(out, in, InputBufferLength);
        info = InputBufferLength;
        break;

    case IOCTL_PING_HEARTBEAT:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), &out, NULL);
        if (!NT_SUCCESS(status))
            break;
        *(PLONG)out = ctx->Ticks;
        info = sizeof(LONG);
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS PingCreateControlDevice(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName, PING_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, PING_DOS_NAME);
    PWDFDEVICE_INIT init;
    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device = NULL;
    WDFQUEUE queue;
    PPING_DEVICE_CONTEXT ctx;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        TRACE(("KmdfPing: WdfDeviceInitAssignName 0x%08X\n", status));
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, PingEvtFileCreate, PingEvtFileClose,
                               WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PING_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TRACE(("KmdfPing: WdfDeviceCreate 0x%08X\n", status));
        WdfDeviceInitFree(init);
        return status;
    }
    /* from here on, deleting the device cleans up everything below */

    ctx = PingGetContext(device);
    ctx->Heartbeat = NULL;
    ctx->Ticks = 0;
    ctx->OpenHandles = 0;

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TRACE(("KmdfPing: WdfDeviceCreateSymbolicLink 0x%08X\n", status));
        goto Error;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = PingEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TRACE(("KmdfPing: WdfIoQueueCreate 0x%08X\n", status));
        goto Error;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, PingEvtHeartbeat, PING_HEARTBEAT_MS);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Heartbeat);
    if (!NT_SUCCESS(status)) {
        TRACE(("KmdfPing: WdfTimerCreate 0x%08X\n", status));
        goto Error;
    }

    WdfTimerStart(ctx->Heartbeat, WDF_REL_TIMEOUT_IN_MS(PING_HEARTBEAT_MS));

    g_ControlDevice = device;
    TRACE(("KmdfPing: control device ready\n"));
    return STATUS_SUCCESS;

Error:
    WdfObjectDelete(device);
    return status;
}
