#include "ticker.h"

NTSTATUS
TkCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(devName, TK_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, TK_LINK_NAME);
    PWDFDEVICE_INIT init;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ticker: WdfDeviceInitAssignName failed 0x%08X\n", status));
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ticker: WdfDeviceCreate failed 0x%08X\n", status));
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ticker: WdfDeviceCreateSymbolicLink failed 0x%08X\n", status));
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = TkEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ticker: WdfIoQueueCreate failed 0x%08X\n", status));
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);

    g_Tk.ControlDevice = device;
    return STATUS_SUCCESS;
}
