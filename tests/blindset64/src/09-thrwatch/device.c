/*
 * device.c - control device and IOCTL handling for thrwatch
 */
#include "thrwatch.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TwCreateControlDevice)
#endif

NTSTATUS
TwCreateControlDevice(
    _In_ WDFDRIVER Driver,
    _Out_ WDFDEVICE *Device
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device = NULL;
    WDF_IO_QUEUE_CONFIG qcfg;
    WDFQUEUE queue;
    DECLARE_CONST_UNICODE_STRING(ntName, TW_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, TW_DOS_NAME);

    PAGED_CODE();

    *Device = NULL;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        TW_DBG("WdfDeviceInitAssignName 0x%08X\n", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        TW_DBG("WdfDeviceCreate 0x%08X\n", status);
        /* the init structure is still ours when WdfDeviceCreate fails */
        WdfDeviceInitFree(init);
        return status;
    }

    /* from here on the framework owns init; failures delete the device */

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TW_DBG("WdfDeviceCreateSymbolicLink 0x%08X\n", status);
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoDeviceControl = TwEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TW_DBG("WdfIoQueueCreate 0x%08X\n", status);
        WdfObjectDelete(device);
        return status;
    }

    *Device = device;
    return STATUS_SUCCESS;
}

VOID
TwEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status;
    PVOID buf = NULL;
    size_t info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TW_WATCH_PID:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &buf, NULL);
        if (NT_SUCCESS(status)) {
            KeAcquireSpinLock(&g_Tw.Lock, &irql);
            g_Tw.WatchedPid = ULongToHandle(*(ULONG *)buf);
            g_Tw.WatchedAlive = TRUE;
            g_Tw.HitCount = 0;
            KeReleaseSpinLock(&g_Tw.Lock, irql);
        }
        break;

    case IOCTL_TW_QUERY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(TW_SNAPSHOT), &buf, NULL);
        if (NT_SUCCESS(status)) {
            PTW_SNAPSHOT snap = (PTW_SNAPSHOT)buf;
            KeAcquireSpinLock(&g_Tw.Lock, &irql);
            snap->WatchedPid = HandleToULong(g_Tw.WatchedPid);
            snap->WatchedAlive = g_Tw.WatchedAlive;
            snap->HitCount = g_Tw.HitCount;
            RtlCopyMemory(snap->Hits, g_Tw.Hits, sizeof(g_Tw.Hits));
            KeReleaseSpinLock(&g_Tw.Lock, irql);
            info = sizeof(TW_SNAPSHOT);
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
