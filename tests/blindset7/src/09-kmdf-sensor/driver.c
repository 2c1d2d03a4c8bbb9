/*++

Module Name:

    driver.c

Abstract:

    DriverEntry and driver-wide cleanup for the virtual sensor.

--*/

#include "sensor.h"

LOOKASIDE_LIST_EX g_SampleLookaside;
static BOOLEAN    g_LookasideReady = FALSE;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SensEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vsensor: DriverEntry\n"));

    //
    // The cleanup callback runs when the framework driver object goes away,
    // both on unload and when DriverEntry fails after WdfDriverCreate.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = SensEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, SensEvtDeviceAdd);
    config.DriverPoolTag = SENS_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "vsensor: WdfDriverCreate returned 0x%08X\n", status));

    //
    // One lookaside list for sample buffers, shared by all sensor instances.
    //
    status = ExInitializeLookasideListEx(&g_SampleLookaside, NULL, NULL, NonPagedPoolNx, 0,
                                         sizeof(SENS_SAMPLE), SENS_TAG, 0);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "vsensor: ExInitializeLookasideListEx failed 0x%08X\n", status));
        return status;
    }
    g_LookasideReady = TRUE;

    return status;
}

VOID
SensEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_LookasideReady) {
        ExDeleteLookasideListEx(&g_SampleLookaside);
        g_LookasideReady = FALSE;
    }
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vsensor: driver cleanup\n"));
}
