/*
 * device.c - control device + IOCTL queue
 */
#include "kwfpctl.h"

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KwfpEvtIoDeviceControl;

VOID
KwfpEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS    status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR   info = 0;
    PVOID       buf;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_KWFP_SET_STEALTH:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &buf, NULL);
        if (NT_SUCCESS(status)) {
            InterlockedExchange(&g_Kwfp.Stealth, *(PULONG)buf ? 1 : 0);
            KINFO("stealth %s", g_Kwfp.Stealth ? "on" : "off");
        }
        break;

    case IOCTL_KWFP_GET_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KWFP_STATS), &buf, NULL);
        if (NT_SUCCESS(status)) {
            PKWFP_STATS out = (PKWFP_STATS)buf;
            out->Accepts     = InterlockedCompareExchange64(&g_Kwfp.Stats.Accepts, 0, 0);
            out->IcmpDropped = InterlockedCompareExchange64(&g_Kwfp.Stats.IcmpDropped, 0, 0);
            out->Stealth     = (ULONG)g_Kwfp.Stealth;
            info = sizeof(KWFP_STATS);
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS
KwfpCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS                status;
    PWDFDEVICE_INIT         init;
    WDFDEVICE               device;
    WDFQUEUE                queue;
    WDF_IO_QUEUE_CONFIG     qc;
    DECLARE_CONST_UNICODE_STRING(devName, KWFP_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, KWFP_SYMLINK_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);
    WdfDeviceInitSetExclusive(init, FALSE);

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        KERR("WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        KERR("WdfDeviceCreateSymbolicLink 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = KwfpEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KERR("WdfIoQueueCreate 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    g_Kwfp.ControlDevice = device;
    return STATUS_SUCCESS;
}
