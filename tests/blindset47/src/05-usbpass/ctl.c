/*
 * ctl.c - \\.\UsbPassCtl, the rendezvous point for usbpassd.
 *
 * Created with the first passthrough device and deleted with the last one
 * (see UpEvtDeviceCleanup), so it never keeps the driver loaded.
 */
#include "usbpass.h"

NTSTATUS up_ctl_create(WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init;
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_IO_QUEUE_CONFIG qc;
    WDFDEVICE ctl;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(name, UP_CTL_NAME);
    DECLARE_CONST_UNICODE_STRING(link, UP_CTL_LINK);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    WdfDeviceInitSetExclusive(init, TRUE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        UP_LOG("WdfDeviceInitAssignName 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, UP_CTL);
    status = WdfDeviceCreate(&init, &attr, &ctl);
    if (!NT_SUCCESS(status)) {
        UP_LOG("WdfDeviceCreate(ctl) 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(ctl, &link);
    if (!NT_SUCCESS(status)) {
        UP_LOG("WdfDeviceCreateSymbolicLink 0x%08X", status);
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = UpCtlIoctl;
    status = WdfIoQueueCreate(ctl, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        UP_LOG("WdfIoQueueCreate(ctl) 0x%08X", status);
        goto fail;
    }

    WdfControlFinishInitializing(ctl);
    g_up.Control = ctl;
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(ctl);
    return status;
}

VOID up_ctl_delete(VOID)
{
    if (g_up.Control != NULL) {
        WdfObjectDelete(g_up.Control);
        g_up.Control = NULL;
    }
}

VOID UpCtlIoctl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                size_t InputBufferLength, ULONG IoControlCode)
{
    PULONG out;
    ULONG_PTR info = 0;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    UpGetCtl(WdfIoQueueGetDevice(Queue))->Requests++;

    if (IoControlCode == IOCTL_USBPASS_DEVICE_COUNT) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            /* no lock: up_ctl_delete() runs under DevicesLock and waits for
             * this queue, and usbpassd only wants a hint anyway */
            *out = WdfCollectionGetCount(g_up.Devices);
            info = sizeof(ULONG);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
