/*
 * device.c - the control device
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HelloCreateControlDevice)
#pragma alloc_text(PAGE, HelloEvtFileCreate)
#pragma alloc_text(PAGE, HelloEvtFileClose)
#endif

NTSTATUS HelloCreateControlDevice(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_FILEOBJECT_CONFIG fileConfig;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(deviceName, HELLO_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, HELLO_LINK_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
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

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, HelloEvtFileCreate, HelloEvtFileClose, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "HelloKmdf: WdfDeviceCreate 0x%08X\n", status));
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    status = HelloQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    GetDriverContext(Driver)->ControlDevice = device;

    /* until this call the I/O manager refuses opens of the device */
    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

VOID HelloEvtFileCreate(_In_ WDFDEVICE Device, _In_ WDFREQUEST Request, _In_ WDFFILEOBJECT FileObject)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);

    PAGED_CODE();
    UNREFERENCED_PARAMETER(FileObject);

    InterlockedIncrement((volatile LONG*)&ctx->Stats.Opens);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID HelloEvtFileClose(_In_ WDFFILEOBJECT FileObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(FileObject);
}
