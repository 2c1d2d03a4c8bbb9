/*
 * driver.c - HelloKmdf entry point
 *
 * Started as the "KMDF hello world" from the docs; now it is a non-PnP
 * driver with one control device that remembers the last message written.
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HelloEvtDriverUnload)
#endif

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "HelloKmdf: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = HelloEvtDriverUnload;
    config.DriverPoolTag = HELLO_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DRIVER_CONTEXT);

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "HelloKmdf: WdfDriverCreate 0x%08X\n", status));
        return status;
    }

    /* non-PnP: nobody calls EvtDeviceAdd, the device is ours to make */
    status = HelloCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "HelloKmdf: control device 0x%08X\n", status));
    }

    return status;
}

VOID HelloEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    PDRIVER_CONTEXT ctx;

    PAGED_CODE();

    ctx = GetDriverContext(Driver);
    if (ctx->ControlDevice != NULL) {
        WdfObjectDelete(ctx->ControlDevice);
        ctx->ControlDevice = NULL;
    }
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "HelloKmdf: unloaded\n"));
}
