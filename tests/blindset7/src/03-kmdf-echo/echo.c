/*++

Module Name:

    echo.c

Abstract:

    Non-PnP KMDF "echo" driver. Creates one control device (\Device\KEcho,
    visible as \\.\KEcho) that keeps the last buffer written to it and
    returns it on read. IOCTL_KECHO_RESET drops the stored buffer.

    Written while working through the KMDF chapter of my notes; the point
    is to learn WdfControlDeviceInitAllocate and friends without an INF.

Environment:

    Kernel mode only.

--*/

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define KECHO_TAG           'ohcE'
#define KECHO_MAX_BUFFER    (64 * 1024)

#define IOCTL_KECHO_RESET   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _ECHO_CONTEXT {
    WDFSPINLOCK Lock;
    WDFMEMORY   Stored;
    size_t      StoredLength;
} ECHO_CONTEXT, *PECHO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ECHO_CONTEXT, EchoGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD EchoEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_READ EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE EchoEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EchoEvtIoDeviceControl;

static NTSTATUS EchoCreateControlDevice(_In_ WDFDRIVER Driver);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EchoCreateControlDevice)
#pragma alloc_text(PAGE, EchoEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KdPrint(("KEcho: built %s %s\n", __DATE__, __TIME__));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EchoEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KEcho: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    return EchoCreateControlDevice(driver);
}

static NTSTATUS
EchoCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\KEcho");
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\KEcho");
    PWDFDEVICE_INIT init;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    PECHO_CONTEXT ctx;
    NTSTATUS status;

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KEcho: WdfDeviceInitAssignName failed 0x%x\n", status));
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ECHO_CONTEXT);

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KEcho: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    ctx = EchoGetContext(device);
    ctx->Stored = NULL;
    ctx->StoredLength = 0;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KEcho: WdfDeviceCreateSymbolicLink failed 0x%x\n", status));
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = EchoEvtIoRead;
    queueConfig.EvtIoWrite = EchoEvtIoWrite;
    queueConfig.EvtIoDeviceControl = EchoEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KEcho: WdfIoQueueCreate failed 0x%x\n", status));
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

VOID
EchoEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    /* the control device is a child of the driver object and goes away with it */
    KdPrint(("KEcho: unload\n"));
}

VOID
EchoEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PECHO_CONTEXT ctx = EchoGetContext(WdfIoQueueGetDevice(Queue));
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFMEMORY newMemory;
    WDFMEMORY oldMemory;
    PVOID input;
    PVOID copy;
    NTSTATUS status;

    if (Length == 0 || Length > KECHO_MAX_BUFFER) {
        WdfRequestComplete(Request, STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, Length, &input, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = WdfIoQueueGetDevice(Queue);
    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, KECHO_TAG, Length, &newMemory, &copy);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    RtlCopyMemory(copy, input, Length);

    WdfSpinLockAcquire(ctx->Lock);
    oldMemory = ctx->Stored;
    ctx->Stored = newMemory;
    ctx->StoredLength = Length;
    WdfSpinLockRelease(ctx->Lock);

    if (oldMemory != NULL) {
        WdfObjectDelete(oldMemory);
    }

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
EchoEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PECHO_CONTEXT ctx = EchoGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;
    size_t copied = 0;
    WDFMEMORY output;

    if (ctx->Stored == NULL) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    status = WdfRequestRetrieveOutputMemory(Request, &output);
    if (NT_SUCCESS(status)) {
        /* the queue is sequential, so Stored cannot change under us */
        copied = min(Length, ctx->StoredLength);
        status = WdfMemoryCopyFromBuffer(output, 0,
                                         WdfMemoryGetBuffer(ctx->Stored, NULL), copied);
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? copied : 0);
}

VOID
EchoEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PECHO_CONTEXT ctx = EchoGetContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY oldMemory;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_KECHO_RESET:
        WdfSpinLockAcquire(ctx->Lock);
        oldMemory = ctx->Stored;
        ctx->Stored = NULL;
        ctx->StoredLength = 0;
        WdfSpinLockRelease(ctx->Lock);
        if (oldMemory != NULL) {
            WdfObjectDelete(oldMemory);
        }
        WdfRequestComplete(Request, STATUS_SUCCESS);
        break;

    default:
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
}
