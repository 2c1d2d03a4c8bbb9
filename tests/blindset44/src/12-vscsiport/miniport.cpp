// miniport.cpp - DriverEntry and adapter-level Storport callbacks
//
// Copyright (c) 2022 Kauri Test Systems Ltd.

#include "vscsi.h"

using namespace Kauri;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA stInit;
    ULONG                          ulStatus;

    VS_DBG("DriverEntry %wZ", pRegistryPath);

    RtlZeroMemory(&stInit, sizeof(stInit));

    // Virtual miniports must describe themselves with the VIRTUAL_ variant,
    // Storport picks the virtual code path from the size field.
    stInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    stInit.AdapterInterfaceType     = Internal;

    stInit.HwFindAdapter            = &CAdapter::FindAdapter;
    stInit.HwInitialize             = &CAdapter::Initialize;
    stInit.HwStartIo                = &CAdapter::StartIo;
    stInit.HwResetBus               = &CAdapter::ResetBus;
    stInit.HwAdapterControl         = &CAdapter::AdapterControl;
    stInit.HwFreeAdapterResources   = &CAdapter::FreeAdapterResources;

    stInit.DeviceExtensionSize      = sizeof(ADAPTER_EXTENSION);
    stInit.SpecificLuExtensionSize  = 0;
    stInit.SrbExtensionSize         = 0;

    stInit.TaggedQueuing            = TRUE;
    stInit.AutoRequestSense         = TRUE;
    stInit.MultipleRequestPerLu     = TRUE;
    stInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    ulStatus = StorPortInitialize(pDriverObject, pRegistryPath,
                                  reinterpret_cast<PHW_INITIALIZATION_DATA>(&stInit), nullptr);
    if (ulStatus != STATUS_SUCCESS) {
        VS_DBG("StorPortInitialize failed 0x%08X", ulStatus);
    }

    // DriverEntry must hand back exactly what StorPortInitialize returned.
    return static_cast<NTSTATUS>(ulStatus);
}

ULONG CAdapter::FindAdapter(PVOID pvExt, PVOID pvHwContext, PVOID pvBusInfo, PVOID pvLowerDevice,
                            PCHAR pszArgs, PPORT_CONFIGURATION_INFORMATION pConfig, PBOOLEAN pbAgain)
{
    ADAPTER_EXTENSION*  pExt = static_cast<ADAPTER_EXTENSION*>(pvExt);
    PVOID               pvLuns = nullptr;
    PVOID               pvFill = nullptr;
    ULONG               ulRet;

    UNREFERENCED_PARAMETER(pvHwContext);
    UNREFERENCED_PARAMETER(pvBusInfo);
    UNREFERENCED_PARAMETER(pvLowerDevice);
    UNREFERENCED_PARAMETER(pszArgs);
    UNREFERENCED_PARAMETER(pbAgain);

    ulRet = StorPortAllocatePool(pExt, sizeof(LUN_STATE) * VS_MAX_LUNS, VS_TAG, &pvLuns);
    if (ulRet != STOR_STATUS_SUCCESS || pvLuns == nullptr) {
        return SP_RETURN_ERROR;
    }
    CStorPoolGuard lunGuard(pExt, pvLuns);

    ulRet = StorPortAllocatePool(pExt, VS_FILL_BYTES, VS_TAG, &pvFill);
    if (ulRet != STOR_STATUS_SUCCESS || pvFill == nullptr) {
        return SP_RETURN_ERROR;             // lunGuard frees the LUN table
    }

    // Both allocations succeeded: the extension owns them from here on and
    // FreeAdapterResources returns them.
    lunGuard.Release();
    pExt->pLuns      = static_cast<LUN_STATE*>(pvLuns);
    pExt->pucFill    = static_cast<PUCHAR>(pvFill);
    pExt->ulLunCount = VS_MAX_LUNS;

    RtlZeroMemory(pExt->pLuns, sizeof(LUN_STATE) * VS_MAX_LUNS);
    for (ULONG i = 0; i < VS_MAX_LUNS; i++) {
        pExt->pLuns[i].bPresent   = TRUE;
        pExt->pLuns[i].ullSectors = VS_LUN_SECTORS;
    }
    for (ULONG i = 0; i < VS_FILL_BYTES; i++) {
        pExt->pucFill[i] = static_cast<UCHAR>(0xA5 ^ (i & 0xFF));
    }

    pConfig->VirtualDevice                 = TRUE;
    pConfig->NumberOfBuses                 = 1;
    pConfig->MaximumNumberOfTargets        = 1;
    pConfig->MaximumNumberOfLogicalUnits   = VS_MAX_LUNS;
    pConfig->MaximumTransferLength         = VS_MAX_TRANSFER;
    pConfig->NumberOfPhysicalBreaks        = VS_MAX_TRANSFER / PAGE_SIZE;
    pConfig->AlignmentMask                 = 0x3;
    pConfig->ScatterGather                 = TRUE;
    pConfig->Master                        = TRUE;
    pConfig->CachesData                    = FALSE;
    pConfig->SynchronizationModel          = StorSynchronizeFullDuplex;

    return SP_RETURN_FOUND;
}

BOOLEAN CAdapter::Initialize(PVOID pvExt)
{
    UNREFERENCED_PARAMETER(pvExt);
    return TRUE;
}

BOOLEAN CAdapter::ResetBus(PVOID pvExt, ULONG ulPathId)
{
    UNREFERENCED_PARAMETER(pvExt);
    UNREFERENCED_PARAMETER(ulPathId);
    return TRUE;        // nothing outstanding: every SRB completes inline
}

SCSI_ADAPTER_CONTROL_STATUS CAdapter::AdapterControl(PVOID pvExt, SCSI_ADAPTER_CONTROL_TYPE eType,
                                                     PVOID pvParams)
{
    UNREFERENCED_PARAMETER(pvExt);

    if (eType == ScsiQuerySupportedControlTypes) {
        auto pList = static_cast<PSCSI_SUPPORTED_CONTROL_TYPE_LIST>(pvParams);
        const SCSI_ADAPTER_CONTROL_TYPE aeSupported[] = {
            ScsiQuerySupportedControlTypes, ScsiStopAdapter, ScsiRestartAdapter
        };
        for (auto e : aeSupported) {
            if (static_cast<ULONG>(e) < pList->MaxControlType) {
                pList->SupportedTypeList[e] = TRUE;
            }
        }
        return ScsiAdapterControlSuccess;
    }
    if (eType == ScsiStopAdapter || eType == ScsiRestartAdapter) {
        return ScsiAdapterControlSuccess;
    }
    return ScsiAdapterControlUnsuccessful;
}

VOID CAdapter::FreeAdapterResources(PVOID pvExt)
{
    ADAPTER_EXTENSION* pExt = static_cast<ADAPTER_EXTENSION*>(pvExt);

    // No worker threads or timers: by the time Storport calls this every
    // SRB has been completed inline, so the buffers can go right away.
    if (pExt->pucFill != nullptr) {
        StorPortFreePool(pExt, pExt->pucFill);
        pExt->pucFill = nullptr;
    }
    if (pExt->pLuns != nullptr) {
        StorPortFreePool(pExt, pExt->pLuns);
        pExt->pLuns = nullptr;
    }
    pExt->ulLunCount = 0;
}
