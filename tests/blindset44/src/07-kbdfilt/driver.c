/*++

    driver.c - DriverEntry for the TK-61 keyboard filter

    Copyright (c) Tanager Peripherals 2020

--*/

#include "kbdfilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

KF_GLOBALS g_KfGlobals;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    WDF_DRIVER_CONFIG       stConfig;
    WDF_OBJECT_ATTRIBUTES   stAttr;
    WDFDRIVER               hDriver;
    NTSTATUS                ntStatus;

    KfPrint(KF_DBG_INFO, "DriverEntry, built %s", __DATE__);

    RtlZeroMemory(&g_KfGlobals, sizeof(g_KfGlobals));

    WDF_DRIVER_CONFIG_INIT(&stConfig, KfEvtDeviceAdd);

    ntStatus = WdfDriverCreate(pDriverObject,
                               pRegistryPath,
                               WDF_NO_OBJECT_ATTRIBUTES,
                               &stConfig,
                               &hDriver);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfDriverCreate failed 0x%x", ntStatus);
        return ntStatus;
    }

    //
    // Collection of filter instances; the control device lives as long as
    // at least one keyboard is attached.  Both are parented to the driver.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&stAttr);
    stAttr.ParentObject = hDriver;

    ntStatus = WdfCollectionCreate(&stAttr, &g_KfGlobals.hFilterDevices);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfCollectionCreate failed 0x%x", ntStatus);
        return ntStatus;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&stAttr);
    stAttr.ParentObject = hDriver;

    ntStatus = WdfWaitLockCreate(&stAttr, &g_KfGlobals.hFilterLock);
    if (!NT_SUCCESS(ntStatus)) {
        KfPrint(KF_DBG_ERROR, "WdfWaitLockCreate failed 0x%x", ntStatus);
        return ntStatus;
    }

    return STATUS_SUCCESS;
}
