/*
 * control.c - control device object and its IOCTL queue.
 */
#include "driver.h"
#include "control.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KmCreateControlDevice)
#endif

NTSTATUS
KmCreateControlDevice(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT       init;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    WDFDEVICE             device = NULL;
    NTSTATUS              status;
    DECLARE_CONST_UNICODE_STRING(deviceName, KM_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, KM_LINK_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONTROL, "WdfDeviceCreate %!STATUS!", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KmEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    g_Km.ControlDevice = device;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_CONTROL, "control device %p ready", device);
    return STATUS_SUCCESS;

Fail:
    TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONTROL, "%!FUNC! %!STATUS!", status);
    WdfObjectDelete(device);
    return status;
}

VOID
KmEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
                     _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    KM_SNAPSHOT *snap;
    size_t       bufLen = 0;
    ULONG        slots, n = 0;
    PLIST_ENTRY  e;
    NTSTATUS     status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    if (IoControlCode != IOCTL_KM_SNAPSHOT) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KM_SNAPSHOT), (PVOID *)&snap, &bufLen);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    slots = (ULONG)((bufLen - FIELD_OFFSET(KM_SNAPSHOT, Pids)) / sizeof(ULONG_PTR));

    WdfSpinLockAcquire(g_Km.Lock);
    for (e = g_Km.Records.Flink; e != &g_Km.Records && n < slots; e = e->Flink) {
        snap->Pids[n++] = (ULONG_PTR)CONTAINING_RECORD(e, KM_PROC_RECORD, Link)->ProcessId;
    }
    snap->Count = n;
    snap->Dropped = g_Km.Dropped;
    WdfSpinLockRelease(g_Km.Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS,
                                      FIELD_OFFSET(KM_SNAPSHOT, Pids) + (SIZE_T)n * sizeof(ULONG_PTR));
}
