// driver.cpp - KMDF non-PnP shell around the callouts.
#include "mirror.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD EvtDriverUnload;

namespace {
WDFDEVICE g_ControlDevice = nullptr;
}

static NTSTATUS CreateControlDevice(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_KERNEL_ONLY);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    NTSTATUS status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &g_ControlDevice);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        g_ControlDevice = nullptr;
        return status;
    }

    WdfControlFinishInitializing(g_ControlDevice);
    return STATUS_SUCCESS;
}

static void DeleteControlDevice()
{
    if (g_ControlDevice != nullptr) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = nullptr;
    }
}

static void EvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    MLOG("unload: tcp=%I64d udp=%I64d other=%I64d own=%I64d",
         mirror::g_Counters.Tcp, mirror::g_Counters.Udp,
         mirror::g_Counters.Other, mirror::g_Counters.SkippedOwn);

    mirror::Injector::Uninit();
    mirror::bfe::Uninit();
    mirror::callouts::Unregister();
    DeleteControlDevice();
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver = nullptr;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = EvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        MERR("WdfDriverCreate 0x%08x", status);
        return status;
    }

    status = CreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        MERR("control device 0x%08x", status);
        return status;
    }

    // handles first: classify needs them the moment a callout is registered
    status = mirror::Injector::Init();
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }

    status = mirror::callouts::Register(WdfDeviceWdmGetDeviceObject(g_ControlDevice));
    if (!NT_SUCCESS(status)) {
        MERR("FwpsCalloutRegister 0x%08x", status);
        goto cleanup;
    }

    status = mirror::bfe::Init();
    if (!NT_SUCCESS(status)) {
        MERR("BFE 0x%08x", status);
        goto cleanup;
    }

    MLOG("running");
    return STATUS_SUCCESS;

cleanup:
    mirror::bfe::Uninit();
    mirror::callouts::Unregister();
    mirror::Injector::Uninit();
    DeleteControlDevice();
    return status;
}
