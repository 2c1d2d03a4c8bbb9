#include "hello.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HelloEvtDeviceAdd)
#pragma alloc_text(PAGE, HelloEvtDriverCleanup)
#endif

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;

    HELLO_PRINT("DriverEntry, built %s %s", __DATE__, __TIME__);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = HelloEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, HelloEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        HELLO_PRINT("WdfDriverCreate failed 0x%08X", status);
    }

    HELLO_PRINT("DriverEntry done");
    return STATUS_SUCCESS;
}

NTSTATUS
HelloEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    HELLO_PRINT("EvtDeviceAdd");

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, HELLO_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    HelloGetContext(device)->Greetings = 0;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_KMDFHELLO, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return HelloQueueInitialize(device);
}

VOID
HelloEvtDriverCleanup(_In_ WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    HELLO_PRINT("driver cleanup");
}
