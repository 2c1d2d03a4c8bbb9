/*
 * macroentry.c - KMDF driver of a sensor hub whose projects share one
 * DriverEntry, written once as a macro of the team's framework header (the
 * way DMF's DMF_DEFAULT_DRIVERENTRY is): it registers the ETW provider,
 * names the driver's context-cleanup callback and creates the WDFDRIVER.
 *
 * The driver's cleanup callback, the routine the framework runs at unload,
 * unregisters the provider. entrycheck reads what the macro's body registers
 * as it reads code written out.
 */

#include <ntddk.h>
#include <wdf.h>

static const GUID SxProvider =
    { 0x6f1c2a0e, 0x3d5b, 0x4c8e, { 0x9a, 0x21, 0x0b, 0x7d, 0x44, 0x1e, 0x52, 0xc3 } };
static REGHANDLE SxEtw;

#define SX_DEFAULT_DRIVERENTRY(EntryName, CleanupCallback, DeviceAddCallback)               \
NTSTATUS                                                                                    \
EntryName(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)                        \
{                                                                                           \
    WDF_DRIVER_CONFIG config;                                                               \
    WDF_OBJECT_ATTRIBUTES attributes;                                                       \
    NTSTATUS status;                                                                        \
                                                                                            \
    status = EtwRegister(&SxProvider, NULL, NULL, &SxEtw);                                  \
    if (!NT_SUCCESS(status)) {                                                              \
        return status;                                                                      \
    }                                                                                       \
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);                                                \
    attributes.EvtCleanupCallback = CleanupCallback;                                        \
    WDF_DRIVER_CONFIG_INIT(&config, DeviceAddCallback);                                     \
    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config,              \
                             WDF_NO_HANDLE);                                                \
    if (!NT_SUCCESS(status)) {                                                              \
        EtwUnregister(SxEtw);                                                               \
    }                                                                                       \
    return status;                                                                          \
}

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SxEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP SxEvtDriverContextCleanup;

NTSTATUS
SxEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDFDEVICE device;
    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

VOID
SxEvtDriverContextCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "sensorhub: unloading\n");
    EtwUnregister(SxEtw);
}

SX_DEFAULT_DRIVERENTRY(DriverEntry, SxEvtDriverContextCleanup, SxEvtDeviceAdd) // expect-entry: kmdf
