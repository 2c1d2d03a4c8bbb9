/*
 * driver.c - DriverEntry and the control device
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HelloCreateControlDevice)
#pragma alloc_text(PAGE, HelloEvtDriverUnload)
#endif

WDFDEVICE g_ControlDevice = NULL;

NTSTATUS
HelloCreateControlDevice(WDFDRIVER Driver)
{
    NTSTATUS status;
    PWDFDEVICE_INIT pInit = NULL;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device = NULL;
    DECLARE_CONST_UNICODE_STRING(ntName, HELLO_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, HELLO_DOS_NAME);

    PAGED_CODE();

    /* admins + system only */
    pInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (pInit == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto End;
    }

    WdfDeviceInitSetExclusive(pInit, FALSE);
    WdfDeviceInitSetIoType(pInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(pInit, &ntName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfHello: WdfDeviceInitAssignName failed 0x%x\n", status));
        goto End;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&pInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfHello: WdfDeviceCreate failed 0x%x\n", status));
        WdfDeviceInitFree(pInit);
        goto End;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfHello: WdfDeviceCreateSymbolicLink failed 0x%x\n", status));
        WdfObjectDelete(device);
        goto End;
    }

    status = HelloQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        goto End;
    }

    g_ControlDevice = device;
    KdPrint(("KmdfHello: control device %p ready\n", device));

End:
    return status;
}

VOID
HelloEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    /* framework deletes the control device for a non-PnP driver */
    KdPrint(("KmdfHello: Goodbye World\n"));
    g_ControlDevice = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "KmdfHello: Hello World!\n"));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = HelloEvtDriverUnload;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfHello: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    status = HelloCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfHello: no control device, 0x%x\n", status));
        return status;
    }

    return status;
}
