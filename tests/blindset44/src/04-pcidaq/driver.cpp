// driver.cpp - DriverEntry for the LX-410 driver
//
// Copyright (C) 2021 Lumen Messtechnik GmbH

#include <initguid.h>
#include "pcidaq.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static EVT_WDF_DRIVER_UNLOAD DaqEvtDriverUnload;

_Use_decl_annotations_
static VOID DaqEvtDriverUnload(WDFDRIVER hDriver)
{
    UNREFERENCED_PARAMETER(hDriver);
    DAQ_TRACE(DPFLTR_INFO_LEVEL, "driver unloading%s", "");
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    NTSTATUS            ntStatus;
    WDF_DRIVER_CONFIG   stConfig;

    DAQ_TRACE(DPFLTR_INFO_LEVEL, "LX-410 driver, %wZ", pRegistryPath);

    //
    // Opt in to NX pool for ExAllocatePoolWithTag/NonPagedPool callers
    // (the framework itself already uses NX pool).
    //
#if defined(POOL_NX_OPTIN) && POOL_NX_OPTIN
    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
#endif

    WDF_DRIVER_CONFIG_INIT(&stConfig, Lumen::CDaqDevice::EvtDeviceAdd);
    stConfig.EvtDriverUnload = DaqEvtDriverUnload;
    stConfig.DriverPoolTag   = DAQ_TAG;

    ntStatus = WdfDriverCreate(pDriverObject,
                               pRegistryPath,
                               WDF_NO_OBJECT_ATTRIBUTES,
                               &stConfig,
                               WDF_NO_HANDLE);
    if (!NT_SUCCESS(ntStatus)) {
        DAQ_TRACE(DPFLTR_ERROR_LEVEL, "WdfDriverCreate 0x%08X", ntStatus);
    }

    return ntStatus;
}
