/*
 * sensorhub KMDF function driver.
 */
#include <initguid.h>
#include "sensorhw.h"
#include <wdf.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD DriverUnload;
EVT_WDF_DRIVER_DEVICE_ADD SensorEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE SensorEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE SensorEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY SensorEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT SensorEvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SensorEvtIoDeviceControl;

// {6e1b3f7c-92a4-4d0e-b5c1-0af2d9e84b37}
DEFINE_GUID(GUID_DEVINTERFACE_SENSORHUB,
    0x6e1b3f7c, 0x92a4, 0x4d0e, 0xb5, 0xc1, 0x0a, 0xf2, 0xd9, 0xe8, 0x4b, 0x37);

typedef struct _DEVICE_CONTEXT {
    SENSOR_REGS Regs;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

static ULONG g_SampleCount;

static VOID
InitializeGlobals(
    VOID
    )
{
    g_SampleCount = 0;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    InitializeGlobals();

    WDF_DRIVER_CONFIG_INIT(&config, SensorEvtDeviceAdd);
    config.EvtDriverUnload = DriverUnload;
    config.DriverPoolTag = SENSOR_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    return status;
}

VOID
DriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    KdPrint(("sensorhub(kmdf): %lu samples served\n", g_SampleCount));
}

NTSTATUS
SensorEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = SensorEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = SensorEvtReleaseHardware;
    pnp.EvtDeviceD0Entry = SensorEvtD0Entry;
    pnp.EvtDeviceD0Exit = SensorEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_SENSORHUB, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SensorEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS
SensorEvtPrepareHardware(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);
    ULONG i;

    UNREFERENCED_PARAMETER(ResourcesRaw);

    for (i = 0; i < WdfCmResourceListGetCount(ResourcesTranslated); i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR d = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (d != NULL && d->Type == CmResourceTypeMemory) {
            return SensorMapRegisters(&ctx->Regs, d);
        }
    }
    return STATUS_DEVICE_CONFIGURATION_ERROR;
}

NTSTATUS
SensorEvtReleaseHardware(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    SensorUnmapRegisters(&GetDeviceContext(Device)->Regs);
    return STATUS_SUCCESS;
}

NTSTATUS
SensorEvtD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    UNREFERENCED_PARAMETER(PreviousState);
    return SensorEnable(&GetDeviceContext(Device)->Regs);
}

NTSTATUS
SensorEvtD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    UNREFERENCED_PARAMETER(TargetState);
    SensorDisable(&GetDeviceContext(Device)->Regs);
    return STATUS_SUCCESS;
}

VOID
SensorEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    PSENSOR_SAMPLE sample;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_SENSOR_READ) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SENSOR_SAMPLE), (PVOID *)&sample, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    SensorReadSample(&ctx->Regs, sample);
    InterlockedIncrement((volatile LONG *)&g_SampleCount);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(SENSOR_SAMPLE));
}
