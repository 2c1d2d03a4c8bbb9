#include "echo.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EchoEvtDriverUnload)
#pragma alloc_text(PAGE, EchoCreateControlDevice)
#endif

NTSTATUS
DriverEntry(
    IN PDRIVER_OBJECT  DriverObject,
    IN PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS          status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;

    EchoPrint(("KmdfEcho: DriverEntry\n"));

    // no AddDevice: this driver is not installed for hardware
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EchoEvtDriverUnload;
    config.DriverPoolTag = ECHO_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        EchoPrint(("KmdfEcho: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    status = EchoCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        EchoPrint(("KmdfEcho: EchoCreateControlDevice failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
EchoCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS              status;
    PWDFDEVICE_INIT       deviceInit;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE             device;
    PCONTROL_CONTEXT      ctx;

    DECLARE_CONST_UNICODE_STRING(ntName, ECHO_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, ECHO_DOS_NAME);

    PAGED_CODE();

    //
    // only admins and SYSTEM may open the device
    //
    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(deviceInit, FALSE);
    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(deviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        EchoPrint(("KmdfEcho: WdfDeviceInitAssignName failed 0x%x\n", status));
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_CONTEXT);

    status = WdfDeviceCreate(&deviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        EchoPrint(("KmdfEcho: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    ctx = EchoGetContext(device);
    ctx->Data = NULL;
    ctx->Length = 0;

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        EchoPrint(("KmdfEcho: WdfDeviceCreateSymbolicLink failed 0x%x\n", status));
        WdfObjectDelete(device);
        return status;
    }

    status = EchoQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    EchoPrint(("KmdfEcho: control device ready\n"));
    return STATUS_SUCCESS;
}

VOID
EchoEvtDriverUnload(
    IN WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    // the framework deletes the control device for us
    EchoPrint(("KmdfEcho: unload\n"));
}
