/*
 * control.c - the control device object and its queue
 */
#include "kmdfctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KcCreateControlDevice)
#endif

NTSTATUS
KcCreateControlDevice(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(devName, KC_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, KC_LINK_NAME);
    PWDFDEVICE_INIT init;
    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    NTSTATUS status;

    PAGED_CODE();

    /* only the system and administrators may open us */
    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        KC_TRACE("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        KC_TRACE("WdfDeviceInitAssignName failed 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, KcEvtFileCreate, KcEvtFileClose,
                               WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KC_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KC_TRACE("WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    /* from here on the framework owns init; WdfObjectDelete undoes it all */
    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        KC_TRACE("WdfDeviceCreateSymbolicLink failed 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KcEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KC_TRACE("WdfIoQueueCreate failed 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    KcGetContext(device)->Queue = queue;
    RtlZeroMemory(&KcGetContext(device)->Counts, sizeof(KC_COUNTS));

    WdfControlFinishInitializing(device);
    g_Kc.ControlDevice = device;
    return STATUS_SUCCESS;
}

VOID
KcEvtFileCreate(_In_ WDFDEVICE Device, _In_ WDFREQUEST Request, _In_ WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(FileObject);

    InterlockedIncrement((volatile LONG *)&KcGetContext(Device)->Counts.Opens);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID
KcEvtFileClose(_In_ WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(FileObject);
}

VOID
KcEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PKC_DEVICE_CONTEXT ctx = KcGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_KC_PING:
        ctx->Counts.Pings++;
        break;

    case IOCTL_KC_EMIT_EVENT:
        status = WdfRequestRetrieveInputBuffer(Request, 2 * sizeof(ULONG), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            PULONG v = (PULONG)buffer;
            KcEmit(v[0], v[1]);
            ctx->Counts.Events++;
        }
        break;

    case IOCTL_KC_GET_COUNTS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KC_COUNTS), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, &ctx->Counts, sizeof(KC_COUNTS));
            info = sizeof(KC_COUNTS);
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
