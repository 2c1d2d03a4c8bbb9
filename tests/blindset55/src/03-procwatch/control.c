/*
 *  control.c - \\.\ProcWatch control device, one sequential queue.
 */
#include "procwatch.h"

static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL PwEvtIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PwCreateControlDevice)
#endif

NTSTATUS
PwCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS            status;
    PWDFDEVICE_INIT     init = NULL;
    WDFDEVICE           device = NULL;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE            queue;

    DECLARE_CONST_UNICODE_STRING(ntName,  PW_NT_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, PW_DOS_DEVICE_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(init, TRUE);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = PwEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    WdfControlFinishInitializing(device);
    g_Pw.ControlDevice = device;
    device = NULL;

Exit:
    if (init != NULL) {
        WdfDeviceInitFree(init);
    }
    if (device != NULL) {
        WdfObjectDelete(device);
    }
    if (!NT_SUCCESS(status)) {
        PWLOG("control device failed 0x%08X", status);
    }
    return status;
}

static VOID
PwEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS   status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR  info = 0;
    PVOID      buffer;
    size_t     length;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    switch (IoControlCode) {
    case IOCTL_PW_DRAIN:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(PW_RECORD), &buffer, &length);
        if (NT_SUCCESS(status)) {
            ULONG n = PwEventDrain((PPW_RECORD)buffer, (ULONG)(length / sizeof(PW_RECORD)));
            info = (ULONG_PTR)n * sizeof(PW_RECORD);
        }
        break;

    case IOCTL_PW_COUNT:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            *(PULONG)buffer = PwEventCount();
            info = sizeof(ULONG);
        }
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
