/*
 * control.c - the control device, its queue and its timer
 */
#include "ctl.h"

WDFDEVICE g_ControlDevice = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtlCreateControlDevice)
#endif

NTSTATUS
CtlCreateControlDevice(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init;
    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    PCTL_CONTEXT ctx;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(ntName, CTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, CTL_DOS_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tickctl: WdfDeviceInitAssignName 0x%08X\n", status));
        return status;
    }

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, CtlEvtFileCreate, CtlEvtFileClose,
                               WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CTL_CONTEXT);
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tickctl: WdfDeviceCreate 0x%08X\n", status));
        WdfDeviceInitFree(init);
        return status;
    }

    ctx = CtlGetContext(device);
    ctx->Ticks = 0;
    ctx->Opens = 0;

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tickctl: symbolic link 0x%08X\n", status));
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = CtlEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tickctl: queue 0x%08X\n", status));
        goto fail;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, CtlEvtTimer, TICK_PERIOD_MS);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tickctl: timer 0x%08X\n", status));
        goto fail;
    }

    g_ControlDevice = device;
    WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(TICK_PERIOD_MS));

    KdPrint(("tickctl: control device ready\n"));
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(device);
    return status;
}

VOID
CtlEvtTimer(_In_ WDFTIMER Timer)
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    InterlockedIncrement(&CtlGetContext(device)->Ticks);
}

VOID
CtlEvtFileCreate(_In_ WDFDEVICE Device, _In_ WDFREQUEST Request, _In_ WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(FileObject);
    InterlockedIncrement(&CtlGetContext(Device)->Opens);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID
CtlEvtFileClose(_In_ WDFFILEOBJECT FileObject)
{
    WDFDEVICE device = WdfFileObjectGetDevice(FileObject);
    InterlockedDecrement(&CtlGetContext(device)->Opens);
}

VOID
CtlEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                      _In_ size_t OutputBufferLength, _In_ size_t InputBufferLength,
                      _In_ ULONG IoControlCode)
{
    PCTL_CONTEXT ctx = CtlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PLONG out;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TICK_GET:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = InterlockedCompareExchange(&ctx->Ticks, 0, 0);
            info = sizeof(LONG);
        }
        break;

    case IOCTL_TICK_RESET:
        InterlockedExchange(&ctx->Ticks, 0);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
