// driver.cpp - vsensor DriverEntry.

#include "vsensor.h"

VS_GLOBALS g_Vs;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RtlZeroMemory(&g_Vs, sizeof(g_Vs));
    g_Vs.Current.MilliCelsius = 25000;

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, VsEvtDeviceAdd);
    config.DriverPoolTag = VS_TAG;

    WDFDRIVER driver;
    VS_RETURN_IF_FAILED(WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                        &config, &driver));

    // Parented to the driver; the framework deletes it at unload.
    WDF_OBJECT_ATTRIBUTES lockAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&lockAttributes);
    lockAttributes.ParentObject = driver;
    VS_RETURN_IF_FAILED(WdfSpinLockCreate(&lockAttributes, &g_Vs.ReadingLock));

    // Value injection is a test aid; a sensor without it is still useful.
    NTSTATUS status = VsCreateControlDevice(driver, &g_Vs.ControlDevice);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                   "vsensor: injection disabled (0x%08X)\n", status));
        g_Vs.ControlDevice = nullptr;
    }

    return STATUS_SUCCESS;
}
