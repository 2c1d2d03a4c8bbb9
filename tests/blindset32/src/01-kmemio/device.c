#include "common.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KmCreateControlDevice)
#endif

NTSTATUS
KmCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    DECLARE_CONST_UNICODE_STRING(deviceName, KM_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, KM_SYMLINK_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        KERR("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        KERR("WdfDeviceInitAssignName: 0x%08X", status);
        goto FreeInit;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        KERR("WdfDeviceCreate: 0x%08X", status);
        goto FreeInit;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        KERR("WdfDeviceCreateSymbolicLink: 0x%08X", status);
        goto DeleteDevice;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KmEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KERR("WdfIoQueueCreate: 0x%08X", status);
        goto DeleteDevice;
    }

    g_Km.ControlDevice = device;
    return STATUS_SUCCESS;

DeleteDevice:
    WdfObjectDelete(device);
    return status;

FreeInit:
    WdfDeviceInitFree(init);
    return status;
}
