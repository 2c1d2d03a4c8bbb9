#include "common.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KmEvtDriverUnload;

KM_GLOBALS g_Km;

static NTSTATUS
KmCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    DECLARE_CONST_UNICODE_STRING(devName, KM_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, KM_SYMLINK_NAME);

    //
    // only admins / SYSTEM may open us
    //
    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        LOG("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, TRUE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, WDF_NO_EVENT_CALLBACK,
                               WDF_NO_EVENT_CALLBACK, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init, &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("WdfDeviceInitAssignName failed: 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    //
    // ioctl handler attaches to the target process -> must run at PASSIVE_LEVEL
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&deviceAttributes);
    deviceAttributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfDeviceCreate(&init, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        LOG("WdfDeviceCreate failed: 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        LOG("WdfDeviceCreateSymbolicLink failed: 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    //
    // sequential is fine, the overlay only sends one request at a time
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KmEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        LOG("WdfIoQueueCreate failed: 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    g_Km.ControlDevice = device;
    LOG("control device ready");
    return STATUS_SUCCESS;
}

VOID
KmEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    LOG("unloading");

    CbRemove();

    //
    // control device is deleted by the framework after we return
    //
    g_Km.ControlDevice = NULL;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    LOG("DriverEntry (built " __DATE__ " " __TIME__ ")");

    RtlZeroMemory(&g_Km, sizeof(g_Km));
    ExInitializeFastMutex(&g_Km.GameLock);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KmEvtDriverUnload;
    config.DriverPoolTag = KM_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    CHECK(status, "WdfDriverCreate");

    status = KmCreateControlDevice(driver);
    CHECK(status, "KmCreateControlDevice");

    status = CbInstall();
    if (!NT_SUCCESS(status)) {
        LOG("CbInstall failed: 0x%08X", status);
        WdfObjectDelete(g_Km.ControlDevice);
        g_Km.ControlDevice = NULL;
        return status;
    }

    LOG("loaded, waiting for game");
    return STATUS_SUCCESS;
}
