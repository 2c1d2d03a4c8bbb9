/*
 * control.c - control device object + IOCTL queue for acguard
 */
#include "acguard.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AcCreateControlDevice)
#endif

WDFDEVICE g_ControlDevice = NULL;

NTSTATUS
AcCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT pInit = NULL;
    WDFDEVICE device = NULL;
    WDFQUEUE queue;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    DECLARE_CONST_UNICODE_STRING(ntName, AC_NT_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, AC_DOS_DEVICE_NAME);

    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_CONTROL, "creating control device");

    //
    // Admins + SYSTEM only: the report exposes pids of other sessions.
    //
    pInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (pInit == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONTROL, "WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(pInit, FALSE);
    WdfDeviceInitSetIoType(pInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(pInit, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONTROL, "WdfDeviceInitAssignName failed 0x%08X", status);
        WdfDeviceInitFree(pInit);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    status = WdfDeviceCreate(&pInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONTROL, "WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONTROL, "WdfDeviceCreateSymbolicLink failed 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = AcEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONTROL, "WdfIoQueueCreate failed 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    g_ControlDevice = device;

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_CONTROL, "control device %p ready", device);
    return STATUS_SUCCESS;
}

VOID
AcEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer = NULL;
    KIRQL irql;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_AC_SET_GAME_PID:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        KeAcquireSpinLock(&g_Ac.Lock, &irql);
        g_Ac.GamePid = ULongToHandle(*(PULONG)buffer);
        RtlZeroMemory(&g_Ac.Report, sizeof(g_Ac.Report));
        g_Ac.Report.GamePid = *(PULONG)buffer;
        KeReleaseSpinLock(&g_Ac.Lock, irql);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_CONTROL, "guarding pid %lu", g_Ac.Report.GamePid);
        break;

    case IOCTL_AC_GET_REPORT:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(AC_REPORT), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        KeAcquireSpinLock(&g_Ac.Lock, &irql);
        RtlCopyMemory(buffer, &g_Ac.Report, sizeof(AC_REPORT));
        KeReleaseSpinLock(&g_Ac.Lock, irql);
        info = sizeof(AC_REPORT);
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
