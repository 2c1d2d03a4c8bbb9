/*
 * device.c - control device object + its default queue
 */
#include "kmdfsensor.h"

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KsEvtIoDeviceControl;

VOID
KsEvtIoDeviceControl(_In_ WDFQUEUE Queue,
                     _In_ WDFREQUEST Request,
                     _In_ size_t OutputBufferLength,
                     _In_ size_t InputBufferLength,
                     _In_ ULONG IoControlCode)
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_KS_GET_COUNTERS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KS_COUNTERS), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, &g_Ks.Counters, sizeof(KS_COUNTERS));
            info = sizeof(KS_COUNTERS);
        }
        break;

    case IOCTL_KS_SET_VERBOSE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            g_Ks.Verbose = *(PULONG)buffer;
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS
KsCreateControlDevice(_In_ WDFDRIVER Driver)
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    DECLARE_CONST_UNICODE_STRING(ntName, KS_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KS_DOS_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDeviceInitAssignName 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KS_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDeviceCreateSymbolicLink 0x%08X", status);
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KsEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfIoQueueCreate 0x%08X", status);
        goto fail;
    }

    g_Ks.ControlDevice = device;
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(device);
    return status;
}

VOID
KsDeleteControlDevice(VOID)
{
    if (g_Ks.ControlDevice != NULL) {
        WdfObjectDelete(g_Ks.ControlDevice);
        g_Ks.ControlDevice = NULL;
    }
}
