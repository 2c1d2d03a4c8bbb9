#include "ramstore.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RsCreateDevice)
#pragma alloc_text(PAGE, RsEvtDriverUnload)
#endif

NTSTATUS RsCreateDevice(WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init = NULL;
    WDFDEVICE device = NULL;
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_IO_QUEUE_CONFIG qc;
    PRS_DEVICE_CONTEXT ctx;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(ntName, RS_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, RS_DOS_NAME);

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == NULL) {
        TRACE_ERR("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("WdfDeviceInitAssignName %x", status);
        goto free_init;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, RS_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&init, &attr, &device);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("WdfDeviceCreate %x", status);
        goto free_init;
    }
    // init is NULL from here on, the device owns it

    ctx = RsGetContext(device);

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    ctx->Size = (size_t)RS_SECTOR_SIZE * RS_SECTORS;
    status = WdfMemoryCreate(&attr, NonPagedPoolNx, RS_POOL_TAG, ctx->Size, &ctx->Store, (PVOID*)&ctx->Base);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("WdfMemoryCreate %x", status);
        goto delete_device;
    }
    RtlZeroMemory(ctx->Base, ctx->Size);

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("WdfDeviceCreateSymbolicLink %x", status);
        goto delete_device;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoRead = RsEvtIoRead;
    qc.EvtIoWrite = RsEvtIoWrite;
    qc.EvtIoDeviceControl = RsEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("WdfIoQueueCreate %x", status);
        goto delete_device;
    }

    WdfControlFinishInitializing(device);
    TRACE_INFO("control device up, %Iu bytes", ctx->Size);
    return STATUS_SUCCESS;

delete_device:
    WdfObjectDelete(device);
    return status;

free_init:
    if (init != NULL)
        WdfDeviceInitFree(init);
    return status;
}

VOID RsEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();
    // control device and its memory are children of the driver; framework deletes them
    TRACE_INFO("unload");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG cfg;
    WDFDRIVER driver;
    NTSTATUS status;

    TRACE_INFO("built %s %s", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&cfg, WDF_NO_EVENT_CALLBACK);
    cfg.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    cfg.EvtDriverUnload = RsEvtDriverUnload;
    cfg.DriverPoolTag = RS_POOL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &cfg, &driver);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("WdfDriverCreate %x", status);
        return status;
    }

    status = RsCreateDevice(driver);
    if (!NT_SUCCESS(status))
        TRACE_ERR("RsCreateDevice %x", status);

    return status;
}
