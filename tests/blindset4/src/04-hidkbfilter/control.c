/*
 * control.c - the \\.\KeyRemap control device.
 */
#include "keyremap.h"
#include "control.tmh"

static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KrEvtControlIoctl;

/* Called with DeviceListLock held. */
NTSTATUS
KrCreateControlDevice(_In_ WDFDRIVER Driver)
{
    PKR_DRIVER_CONTEXT      drvCtx = KrGetDriverContext(Driver);
    PWDFDEVICE_INIT         init;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDFDEVICE               control;
    WDFQUEUE                queue;
    DECLARE_CONST_UNICODE_STRING(name, KR_CONTROL_NAME);
    DECLARE_CONST_UNICODE_STRING(link, KR_CONTROL_LINK);
    DECLARE_CONST_UNICODE_STRING(sddl, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");
    NTSTATUS                status;

    init = WdfControlDeviceInitAllocate(Driver, &sddl);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);

    status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control);
    if (!NT_SUCCESS(status)) {
        /* WdfDeviceCreate did not consume init on failure. */
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(control, &link);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(control);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KrEvtControlIoctl;

    status = WdfIoQueueCreate(control, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(control);
        return status;
    }

    WdfControlFinishInitializing(control);
    drvCtx->ControlDevice = control;

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_CONTROL, "control device %p up", control);
    return STATUS_SUCCESS;
}

/* Called with DeviceListLock held. */
VOID
KrDeleteControlDevice(_In_ WDFDRIVER Driver)
{
    PKR_DRIVER_CONTEXT drvCtx = KrGetDriverContext(Driver);

    if (drvCtx->ControlDevice != NULL) {
        WdfObjectDelete(drvCtx->ControlDevice);
        drvCtx->ControlDevice = NULL;
    }
}

static VOID
KrEvtControlIoctl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDRIVER           driver = WdfGetDriver();
    PKR_DRIVER_CONTEXT  drvCtx = KrGetDriverContext(driver);
    NTSTATUS            status;
    PULONG              out;
    ULONG_PTR           info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_KR_RELOAD:
        status = KrLoadRemapTable(driver);
        break;
    case IOCTL_KR_GET_COUNT:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = drvCtx->RemapCount;
            info = sizeof(ULONG);
        }
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
