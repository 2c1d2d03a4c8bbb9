/*
 * device.c - device creation and hardware resources for fpgabar.
 */

#include "driver.h"
#include "device.tmh"

#define IOCTL_FPGABAR_READ_REG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FpgaBarEvtDeviceAdd)
#pragma alloc_text(PAGE, FpgaBarEvtPrepareHardware)
#pragma alloc_text(PAGE, FpgaBarEvtReleaseHardware)
#endif

_Use_decl_annotations_
NTSTATUS
FpgaBarEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PFPGABAR_DEVICE_CONTEXT devContext;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpCallbacks);
    pnpCallbacks.EvtDevicePrepareHardware = FpgaBarEvtPrepareHardware;
    pnpCallbacks.EvtDeviceReleaseHardware = FpgaBarEvtReleaseHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FPGABAR_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }
    devContext = FpgaBarGetDeviceContext(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = FpgaBarEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &devContext->ControlQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FpgaBarEvtPrepareHardware(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PFPGABAR_DEVICE_CONTEXT devContext = FpgaBarGetDeviceContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    ULONG i;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    PAGED_CODE();

    for (i = 0; i < WdfCmResourceListGetCount(ResourcesTranslated); i++) {
        desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc != NULL && desc->Type == CmResourceTypeMemory && devContext->Bar0 == NULL) {
            devContext->Bar0 = (PUCHAR)MmMapIoSpace(desc->u.Memory.Start,
                                                    desc->u.Memory.Length, MmNonCached);
            if (devContext->Bar0 == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            devContext->Bar0Length = desc->u.Memory.Length;
        }
    }

    return (devContext->Bar0 != NULL) ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

_Use_decl_annotations_
NTSTATUS
FpgaBarEvtReleaseHardware(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PFPGABAR_DEVICE_CONTEXT devContext = FpgaBarGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (devContext->Bar0 != NULL) {
        MmUnmapIoSpace(devContext->Bar0, devContext->Bar0Length);
        devContext->Bar0 = NULL;
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FpgaBarEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PFPGABAR_DEVICE_CONTEXT devContext = FpgaBarGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PULONG offset;
    PULONG value;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    size_t bytes = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_FPGABAR_READ_REG) {
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&offset, NULL);
        if (NT_SUCCESS(status)) {
            status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&value, NULL);
        }
        if (NT_SUCCESS(status)) {
            if ((*offset & 3) != 0 || *offset + sizeof(ULONG) > devContext->Bar0Length) {
                status = STATUS_INVALID_PARAMETER;
            } else {
                *value = READ_REGISTER_ULONG((PULONG)(devContext->Bar0 + *offset));
                bytes = sizeof(ULONG);
            }
        }
    }

    WdfRequestCompleteWithInformation(Request, status, bytes);
}
