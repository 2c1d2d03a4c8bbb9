//
// hidflt: KMDF upper filter for HID class devices.
// INF adds it as an UpperFilter under the HID device class key.
//
#include "hidflt.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD HidFltEvtDriverUnload;

HIDFLT_STATS g_Stats;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

VOID
HidFltEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    // the control device went away with the last filter device (filter.c)
    TRACE(DPFLTR_INFO_LEVEL, "unload: reads=%lld ioctls=%lld", g_Stats.Reads, g_Stats.Ioctls);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    RtlZeroMemory(&g_Stats, sizeof(g_Stats));

    WDF_DRIVER_CONFIG_INIT(&config, HidFltEvtDeviceAdd);
    config.EvtDriverUnload = HidFltEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TRACE(DPFLTR_ERROR_LEVEL, "WdfDriverCreate failed 0x%x", status);
        return status;
    }

    // The tool interface is optional: the filter still works without it.
    status = HidFltCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        TRACE(DPFLTR_WARNING_LEVEL, "no control device (0x%x), filtering only", status);
    }

    return STATUS_SUCCESS;
}
