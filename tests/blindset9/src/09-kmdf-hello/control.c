#include "hello.h"

static const CHAR g_DefaultText[] = "hello from kernel mode";

NTSTATUS
HelloCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    PHELLO_CONTEXT ctx;
    DECLARE_CONST_UNICODE_STRING(deviceName, HELLO_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, HELLO_LINK_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        HELLO_LOG("WdfDeviceInitAssignName 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, HELLO_CONTEXT);

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        HELLO_LOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = HelloGetContext(device);
    RtlCopyMemory(ctx->Text, g_DefaultText, sizeof(g_DefaultText) - 1);
    ctx->Length = sizeof(g_DefaultText) - 1;
    ctx->Reads = 0;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfWaitLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        HELLO_LOG("WdfDeviceCreateSymbolicLink 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = HelloEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        HELLO_LOG("WdfIoQueueCreate 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    g_ControlDevice = device;
    HELLO_LOG("control device ready");
    return STATUS_SUCCESS;
}

VOID
HelloEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PHELLO_CONTEXT ctx = HelloGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID buffer;
    size_t length;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HELLO_GET:
        status = WdfRequestRetrieveOutputBuffer(Request, 1, &buffer, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfWaitLockAcquire(ctx->Lock, NULL);
        if (length > ctx->Length) {
            length = ctx->Length;
        }
        RtlCopyMemory(buffer, ctx->Text, length);
        ctx->Reads++;
        WdfWaitLockRelease(ctx->Lock);
        info = length;
        break;

    case IOCTL_HELLO_SET:
        status = WdfRequestRetrieveInputBuffer(Request, 1, &buffer, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (length > HELLO_MAX_TEXT) {
            status = STATUS_INVALID_BUFFER_SIZE;
            break;
        }
        WdfWaitLockAcquire(ctx->Lock, NULL);
        RtlCopyMemory(ctx->Text, buffer, length);
        ctx->Length = (ULONG)length;
        WdfWaitLockRelease(ctx->Lock);
        info = length;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
