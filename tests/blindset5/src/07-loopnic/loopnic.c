/*
 * loopnic.c - DriverEntry and driver-wide routines of the LoopNIC miniport.
 *
 * Copyright (c) 2021 Northfold Networks.  All rights reserved.
 */
#include "loopnic.h"

#pragma NDIS_INIT_FUNCTION(DriverEntry)

PLN_GLOBALS g_Ln = NULL;

NDIS_STATUS
LnGlobalsInitialize(VOID)
{
    g_Ln = (PLN_GLOBALS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(LN_GLOBALS), LN_TAG);
    if (g_Ln == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisAllocateSpinLock(&g_Ln->AdapterListLock);
    InitializeListHead(&g_Ln->AdapterList);
    g_Ln->DefaultMtu = 1500;
    return NDIS_STATUS_SUCCESS;
}

VOID
LnGlobalsFree(VOID)
{
    if (g_Ln != NULL) {
        NdisFreeSpinLock(&g_Ln->AdapterListLock);
        ExFreePoolWithTag(g_Ln, LN_TAG);
        g_Ln = NULL;
    }
}

NDIS_STATUS
LnReadDriverParameters(
    _In_ NDIS_HANDLE DriverHandle
    )
{
    NDIS_CONFIGURATION_OBJECT configObject;
    NDIS_HANDLE configHandle = NULL;
    PNDIS_CONFIGURATION_PARAMETER param = NULL;
    NDIS_STRING jumboName = NDIS_STRING_CONST("EnableJumbo");
    NDIS_STATUS status;

    NdisZeroMemory(&configObject, sizeof(configObject));
    configObject.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    configObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    configObject.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    configObject.NdisHandle = DriverHandle;
    configObject.Flags = 0;

    status = NdisOpenConfigurationEx(&configObject, &configHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    NdisReadConfiguration(&status, &param, configHandle, &jumboName, NdisParameterInteger);
    if (status == NDIS_STATUS_SUCCESS) {
        g_Ln->JumboEnabled = (param->ParameterData.IntegerData != 0);
    }

    NdisCloseConfiguration(configHandle);
    return NDIS_STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mpChars;
    NDIS_STATUS status;

    DbgPrint("LoopNIC: DriverEntry\n");

    status = LnGlobalsInitialize();
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    NdisZeroMemory(&mpChars, sizeof(mpChars));

    mpChars.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mpChars.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mpChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    mpChars.MajorNdisVersion   = LN_NDIS_MAJOR_VERSION;
    mpChars.MinorNdisVersion   = LN_NDIS_MINOR_VERSION;
    mpChars.MajorDriverVersion = LN_DRIVER_MAJOR_VERSION;
    mpChars.MinorDriverVersion = LN_DRIVER_MINOR_VERSION;

    mpChars.SetOptionsHandler          = LnSetOptions;
    mpChars.InitializeHandlerEx        = LnInitializeEx;
    mpChars.HaltHandlerEx              = LnHaltEx;
    mpChars.UnloadHandler              = LnDriverUnload;
    mpChars.PauseHandler               = LnPause;
    mpChars.RestartHandler             = LnRestart;
    mpChars.OidRequestHandler          = LnOidRequest;
    mpChars.SendNetBufferListsHandler  = LnSendNetBufferLists;
    mpChars.ReturnNetBufferListsHandler = LnReturnNetBufferLists;
    mpChars.CancelSendHandler          = LnCancelSend;
    mpChars.CheckForHangHandlerEx      = LnCheckForHang;
    mpChars.ResetHandlerEx             = LnReset;
    mpChars.DevicePnPEventNotifyHandler = LnDevicePnpEvent;
    mpChars.ShutdownHandlerEx          = LnShutdownEx;
    mpChars.CancelOidRequestHandler    = LnCancelOidRequest;

    status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         (NDIS_HANDLE)g_Ln,
                                         &mpChars,
                                         &g_Ln->DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("LoopNIC: NdisMRegisterMiniportDriver failed 0x%x\n", status);
        return status;
    }

    //
    // Driver-wide tunables live under the service key.
    //
    status = LnReadDriverParameters(g_Ln->DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("LoopNIC: cannot read parameters 0x%x\n", status);
        LnGlobalsFree();
        return status;
    }

    return NDIS_STATUS_SUCCESS;
}

VOID
LnDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    DbgPrint("LoopNIC: unload\n");

    NdisMDeregisterMiniportDriver(g_Ln->DriverHandle);
    LnGlobalsFree();
}

NDIS_STATUS
LnSetOptions(
    _In_ NDIS_HANDLE NdisDriverHandle,
    _In_ NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}
