/*
 * queueprep.c - KMDF function driver for a PCIe sensor hub. DriverEntry
 * fills a settings block whose queue attributes are initialized after its
 * other members, and reuses one WDF_OBJECT_ATTRIBUTES for two objects:
 * initialized, used for the first, initialized again for the second.
 * Neither discards a value that was set (no WDF003).
 */

#include <ntddk.h>
#include <wdf.h>

#define HUB_TAG 'bHnS'

typedef struct _HUB_SETTINGS {
    ULONG                 PollMs;
    BOOLEAN               LowPower;
    WDF_OBJECT_ATTRIBUTES QueueAttributes;
} HUB_SETTINGS, *PHUB_SETTINGS;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD HubEvtDeviceAdd;

static HUB_SETTINGS HubSettings;
static WDFCOLLECTION HubPending;
static WDFSPINLOCK HubPendingLock;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HubEvtDeviceAdd)
#endif

static VOID
HubPrepareSettings(
    _Out_ PHUB_SETTINGS Settings
    )
{
    Settings->PollMs = 250;
    Settings->LowPower = TRUE;
    WDF_OBJECT_ATTRIBUTES_INIT(&Settings->QueueAttributes);
    Settings->QueueAttributes.ExecutionLevel = WdfExecutionLevelPassive;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;

    HubPrepareSettings(&HubSettings);

    WDF_DRIVER_CONFIG_INIT(&config, HubEvtDeviceAdd);
    config.DriverPoolTag = HUB_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    status = WdfCollectionCreate(&attributes, &HubPending);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    return WdfSpinLockCreate(&attributes, &HubPendingLock);
}

NTSTATUS
HubEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
