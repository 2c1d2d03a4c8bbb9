/*++

Copyright (c) Woodgrove Endpoint.  All rights reserved.

Module Name:

    driver.c

Abstract:

    DriverEntry, unload and global teardown for the process activity
    recorder.

Environment:

    Kernel mode, KMDF.

--*/

#include "pm.h"

PM_GLOBALS g_Pm;

static
VOID
PmLoadConfiguration(
    _In_ WDFDRIVER Driver,
    _Out_ PPM_CONFIG Config
    );

static
VOID
PmTeardown(
    _Inout_ PPM_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, PmLoadConfiguration)
#pragma alloc_text(PAGE, PmEvtDriverUnload)
#pragma alloc_text(PAGE, PmTeardown)
#endif


static
VOID
PmLoadConfiguration(
    _In_ WDFDRIVER Driver,
    _Out_ PPM_CONFIG Config
    )
{
    WDFKEY key;
    ULONG value;
    NTSTATUS status;

    DECLARE_CONST_UNICODE_STRING(capacityName, L"RingCapacity");
    DECLARE_CONST_UNICODE_STRING(threadsName, L"CaptureThreads");

    PAGED_CODE();

    Config->Capacity = PM_DEFAULT_CAPACITY;
    Config->CaptureThreads = TRUE;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &capacityName, &value))) {
        if (value >= PM_MIN_CAPACITY && value <= PM_MAX_CAPACITY) {
            Config->Capacity = value;
        }
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &threadsName, &value))) {
        Config->CaptureThreads = (value != 0);
    }

    WdfRegistryClose(key);
}


static
VOID
PmTeardown(
    _Inout_ PPM_GLOBALS Globals
    )
/*++

Routine Description:

    Reverse of DriverEntry.  Notifications go first so nothing writes
    to the ring or looks at the wait queue while they are being torn
    down.  Each step is a no-op if it was never reached.

--*/
{
    PAGED_CODE();

    InterlockedExchange(&Globals->ShuttingDown, 1);

    PmNotifyUnregister(Globals);

    if (Globals->ControlDevice != NULL) {
        //
        // Deleting the device also removes its symbolic link and its
        // queues (and cancels anything parked in the wait queue).
        //
        WdfObjectDelete(Globals->ControlDevice);
        Globals->ControlDevice = NULL;
        Globals->WaitQueue = NULL;
    }

    PmEventStoreUninitialize(&Globals->Store);
}


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Creates the framework driver object (non-PnP), the event ring and
    the control device, then registers the process/thread callbacks last
    so the first notification finds everything in place.

--*/
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    PM_LOG_INFO("DriverEntry %wZ", RegistryPath);

    RtlZeroMemory(&g_Pm, sizeof(g_Pm));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = PmEvtDriverUnload;
    config.DriverPoolTag = PM_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        PM_LOG_ERROR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    g_Pm.Driver = driver;

    PmLoadConfiguration(driver, &g_Pm.Config);

    NT_CHECK(PmEventStoreInitialize(&g_Pm.Store, g_Pm.Config.Capacity));

    NT_CHECK(PmControlDeviceCreate(driver, &g_Pm.ControlDevice, &g_Pm.WaitQueue));

    WdfControlFinishInitializing(g_Pm.ControlDevice);

    NT_CHECK(PmNotifyRegister(&g_Pm));

    PM_LOG_INFO("ready, capacity %lu, threads %d", g_Pm.Config.Capacity, g_Pm.Config.CaptureThreads);

Exit:

    if (!NT_SUCCESS(status)) {
        //
        // The framework deletes the WDFDRIVER itself when DriverEntry
        // fails; everything else is ours to undo.  EvtDriverUnload will
        // not be called.
        //
        PmTeardown(&g_Pm);
    }

    return status;
}


_Use_decl_annotations_
VOID
PmEvtDriverUnload(
    WDFDRIVER Driver
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(Driver);

    PM_LOG_INFO("unload, %ld handles open", g_Pm.OpenHandles);

    PmTeardown(&g_Pm);
}
