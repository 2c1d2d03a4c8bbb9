#include "wfpmon.h"

WM_GLOBALS g_Wm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WmUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WmUnload)
#endif

VOID
WmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    // 1. no new classifications: remove filters, then the callouts
    WmRemoveFilters();
    WmUnregisterCallouts();

    // 2. drain work items queued by earlier classifications
    WmRecordsUninitialize();

    // 3. the device object the callouts were registered with
    IoDeleteDevice(g_Wm.DeviceObject);
    g_Wm.DeviceObject = NULL;

    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,
               "wfpmon: unloaded (observed %I64d, dropped %I64d)\n", g_Wm.Observed, g_Wm.Dropped);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Wm, sizeof(g_Wm));

    RtlInitUnicodeString(&deviceName, WM_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Wm.DeviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WmRecordsInitialize(g_Wm.DeviceObject);
    if (!NT_SUCCESS(status)) {
        goto DeleteDevice;
    }

    status = WmRegisterCallouts(g_Wm.DeviceObject);
    if (!NT_SUCCESS(status)) {
        goto UninitRecords;
    }

    status = WmAddFilters();
    if (!NT_SUCCESS(status)) {
        goto UnregisterCallouts;
    }

    DriverObject->DriverUnload = WmUnload;
    return STATUS_SUCCESS;

UnregisterCallouts:
    WmUnregisterCallouts();
UninitRecords:
    WmRecordsUninitialize();
DeleteDevice:
    IoDeleteDevice(g_Wm.DeviceObject);
    g_Wm.DeviceObject = NULL;
    return status;
}
