/*
 * ramvol.c - a KMDF function driver for a RAM-backed volume: the device's
 * EvtDriverDeviceAdd creates the device and its default queue, then the
 * image the queue serves, and fails the device when the image cannot be
 * allocated (the framework deletes the device; its cleanup callback frees
 * the image when there is one).
 */

#include <ntddk.h>
#include <wdf.h>

#define RAMVOL_TAG 'lVmR'
#define RAMVOL_BYTES (4 * 1024 * 1024)

typedef struct _RAMVOL_CONTEXT {
    PUCHAR Image;
    SIZE_T Bytes;
} RAMVOL_CONTEXT, *PRAMVOL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RAMVOL_CONTEXT, RamVolGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD RamVolDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP RamVolCleanup;
EVT_WDF_IO_QUEUE_IO_READ RamVolRead;

VOID
RamVolCleanup(
    _In_ WDFOBJECT Device
    )
{
    PRAMVOL_CONTEXT ctx = RamVolGetContext(Device);

    if (ctx->Image != NULL) {
        ExFreePoolWithTag(ctx->Image, RAMVOL_TAG);
    }
}

VOID
RamVolRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(Length);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

NTSTATUS
RamVolDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PRAMVOL_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, RAMVOL_CONTEXT);
    attributes.EvtCleanupCallback = RamVolCleanup;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ctx = RamVolGetContext(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = RamVolRead;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx->Image = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, RAMVOL_BYTES, RAMVOL_TAG);
    if (ctx->Image == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ctx->Bytes = RAMVOL_BYTES;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry( // expect-entry: kmdf
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, RamVolDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
