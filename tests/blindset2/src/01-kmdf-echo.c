/*
 * kmdfecho - a tiny KMDF PnP function driver that echoes writes back on reads.
 * Written while working through the KMDF chapter of a driver book.
 */
#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

// {6F2C1E7A-3B55-4C1D-9C0E-2A7B1D4E8F10}
DEFINE_GUID(GUID_DEVINTERFACE_KMDFECHO,
    0x6f2c1e7a, 0x3b55, 0x4c1d, 0x9c, 0x0e, 0x2a, 0x7b, 0x1d, 0x4e, 0x8f, 0x10);

#define ECHO_TAG 'ohcE'
#define ECHO_MAX_BYTES 4096

typedef struct _DEVICE_CONTEXT {
    WDFQUEUE  DefaultQueue;
    WDFMEMORY Buffer;
    size_t    Length;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD EchoEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_READ EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE EchoEvtIoWrite;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EchoEvtDeviceAdd)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;

    KdPrint(("kmdfecho: DriverEntry built %s %s\n", __DATE__, __TIME__));

    WDF_DRIVER_CONFIG_INIT(&config, EchoEvtDeviceAdd);
    config.DriverPoolTag = ECHO_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: WdfDriverCreate failed 0x%08X\n", status));
    }

    return STATUS_SUCCESS;
}

NTSTATUS
EchoEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PDEVICE_CONTEXT ctx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx = GetDeviceContext(device);
    ctx->Buffer = NULL;
    ctx->Length = 0;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = EchoEvtIoRead;
    queueConfig.EvtIoWrite = EchoEvtIoWrite;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kmdfecho: WdfIoQueueCreate failed 0x%08X\n", status));
        return status;
    }

    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_KMDFECHO, NULL);
}

VOID
EchoEvtIoWrite(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY reqMemory;
    NTSTATUS status;

    if (Length > ECHO_MAX_BYTES) {
        WdfRequestComplete(Request, STATUS_BUFFER_OVERFLOW);
        return;
    }
    if (ctx->Buffer != NULL) {
        WdfObjectDelete(ctx->Buffer);
        ctx->Buffer = NULL;
    }
    status = WdfRequestRetrieveInputMemory(Request, &reqMemory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCreate(WDF_NO_OBJECT_ATTRIBUTES, NonPagedPoolNx, ECHO_TAG,
                                 Length, &ctx->Buffer, NULL);
    }
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyToBuffer(reqMemory, 0, WdfMemoryGetBuffer(ctx->Buffer, NULL), Length);
        ctx->Length = Length;
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
EchoEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY reqMemory;
    NTSTATUS status;
    size_t n;

    if (ctx->Buffer == NULL) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }
    n = (Length < ctx->Length) ? Length : ctx->Length;
    status = WdfRequestRetrieveOutputMemory(Request, &reqMemory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyFromBuffer(reqMemory, 0, WdfMemoryGetBuffer(ctx->Buffer, NULL), n);
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? n : 0);
}
