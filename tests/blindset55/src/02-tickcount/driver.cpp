//
// tickcount - root enumerated virtual "tick" device.
//
// Install with: devcon install tickcount.inf Root\TickCount
//
#include <initguid.h>
#include "tickdevice.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

static EVT_WDF_DRIVER_DEVICE_ADD       TickEvtDeviceAdd;
static EVT_WDF_OBJECT_CONTEXT_CLEANUP  TickEvtDriverCleanup;

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
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS              status;

    TLOG(DPFLTR_INFO_LEVEL, "DriverEntry %wZ", RegistryPath);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = TickEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, TickEvtDeviceAdd);
    config.DriverPoolTag = TICK_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TLOG(DPFLTR_ERROR_LEVEL, "WdfDriverCreate failed 0x%08X", status);
    }

    return status;
}

#pragma code_seg("PAGE")

static
NTSTATUS
TickEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    return tick::TickDevice::Create(DeviceInit);
}

static
VOID
TickEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    TLOG(DPFLTR_INFO_LEVEL, "driver cleanup");
}

#pragma code_seg()
