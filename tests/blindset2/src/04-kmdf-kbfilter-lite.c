/*
 * kbflite.c - upper filter (KMDF) that counts IOCTLs going down a keyboard stack.
 * Pure KMDF, no WDM preprocessing.
 */
#include <ntddk.h>
#include <wdf.h>
#include <ntddkbd.h>

#define KBF_TAG 'fbKL'

typedef struct _FILTER_EXTENSION {
    WDFDEVICE Device;
    LONG      IoctlCount;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FILTER_EXTENSION, FilterGetData)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KbfEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL KbfEvtInternalIoctl;

static WDFLOOKASIDE g_Lookaside;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KbfEvtDeviceAdd)
#endif

NTSTATUS
DriverEntry(
    IN PDRIVER_OBJECT  DriverObject,
    IN PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, KbfEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbflite: WdfDriverCreate failed with status 0x%x\n", status));
        return status;
    }

    // Parent the lookaside list to the driver so that the framework deletes it.
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    status = WdfLookasideListCreate(&attributes, 64, NonPagedPoolNx,
                                    WDF_NO_OBJECT_ATTRIBUTES, KBF_TAG, &g_Lookaside);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbflite: WdfLookasideListCreate failed 0x%x\n", status));
    }
    return status;
}

NTSTATUS
KbfEvtDeviceAdd(
    IN WDFDRIVER       Driver,
    IN PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG ioQueueConfig;
    WDFDEVICE hDevice;
    NTSTATUS status;
    PFILTER_EXTENSION fx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FILTER_EXTENSION);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &hDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    fx = FilterGetData(hDevice);
    fx->Device = hDevice;
    fx->IoctlCount = 0;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&ioQueueConfig, WdfIoQueueDispatchParallel);
    ioQueueConfig.EvtIoInternalDeviceControl = KbfEvtInternalIoctl;

    status = WdfIoQueueCreate(hDevice, &ioQueueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    return status;
}

VOID
KbfEvtInternalIoctl(
    IN WDFQUEUE   Queue,
    IN WDFREQUEST Request,
    IN size_t     OutputBufferLength,
    IN size_t     InputBufferLength,
    IN ULONG      IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PFILTER_EXTENSION fx = FilterGetData(device);
    WDF_REQUEST_SEND_OPTIONS options;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);

    InterlockedIncrement(&fx->IoctlCount);

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &options)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}
