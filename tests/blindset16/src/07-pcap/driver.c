/*++

Copyright (c) PcapLwf contributors.

Module Name:

    driver.c

Abstract:

    DriverEntry and unload for the packet-capture lightweight filter.

--*/

#include "filter.h"
#include "trace.h"
#include "driver.tmh"

PCAP_GLOBALS PcapGlobals;

static DRIVER_UNLOAD PcapUnload;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS                         Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  FChars;
    NDIS_STRING ServiceName  = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME);
    NDIS_STRING UniqueName   = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME);
    NDIS_STRING FriendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME);
    BOOLEAN bFalse = FALSE;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "===>DriverEntry");

    do
    {
        PcapGlobals.DriverObject = DriverObject;
        NdisAllocateSpinLock(&PcapGlobals.FilterListLock);
        InitializeListHead(&PcapGlobals.FilterModuleList);

        Status = PcapCaptureInit(RegistryPath);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "PcapCaptureInit failed %!STATUS!", Status);
            NdisFreeSpinLock(&PcapGlobals.FilterListLock);
            break;
        }

        NdisZeroMemory(&FChars, sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS));
        FChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
        FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
        FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
        FChars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
        FChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
        FChars.MajorDriverVersion = 1;
        FChars.MinorDriverVersion = 2;
        FChars.Flags = 0;

        FChars.FriendlyName = FriendlyName;
        FChars.UniqueName = UniqueName;
        FChars.ServiceName = ServiceName;

        FChars.SetOptionsHandler = PcapFilterSetOptions;
        FChars.AttachHandler = PcapFilterAttach;
        FChars.DetachHandler = PcapFilterDetach;
        FChars.RestartHandler = PcapFilterRestart;
        FChars.PauseHandler = PcapFilterPause;
        FChars.SendNetBufferListsHandler = PcapFilterSendNetBufferLists;
        FChars.SendNetBufferListsCompleteHandler = PcapFilterSendNetBufferListsComplete;
        FChars.CancelSendNetBufferListsHandler = PcapFilterCancelSendNetBufferLists;
        FChars.ReceiveNetBufferListsHandler = PcapFilterReceiveNetBufferLists;
        FChars.ReturnNetBufferListsHandler = PcapFilterReturnNetBufferLists;

        DriverObject->DriverUnload = PcapUnload;

        Status = NdisFRegisterFilterDriver(DriverObject,
                                           (NDIS_HANDLE)DriverObject,
                                           &FChars,
                                           &PcapGlobals.FilterDriverHandle);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "Register filter driver failed %!STATUS!", Status);
            PcapCaptureFini();
            NdisFreeSpinLock(&PcapGlobals.FilterListLock);
            break;
        }

        Status = PcapRegisterDevice();
        if (Status != NDIS_STATUS_SUCCESS)
        {
            NdisFDeregisterFilterDriver(PcapGlobals.FilterDriverHandle);
            PcapGlobals.FilterDriverHandle = NULL;
            PcapCaptureFini();
            NdisFreeSpinLock(&PcapGlobals.FilterListLock);
            TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "Register device for the filter driver failed %!STATUS!", Status);
            break;
        }
    }
    while (bFalse);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "<===DriverEntry, Status = %!STATUS!", Status);

    if (Status != NDIS_STATUS_SUCCESS)
    {
        WPP_CLEANUP(DriverObject);
    }

    return Status;
}

_Use_decl_annotations_
static VOID
PcapUnload(
    PDRIVER_OBJECT      DriverObject
    )
{
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "===>PcapUnload");

    PcapDeregisterDevice();
    NdisFDeregisterFilterDriver(PcapGlobals.FilterDriverHandle);

#if DBG
    FILTER_ACQUIRE_LOCK(&PcapGlobals.FilterListLock, FALSE);
    ASSERT(IsListEmpty(&PcapGlobals.FilterModuleList));
    FILTER_RELEASE_LOCK(&PcapGlobals.FilterListLock, FALSE);
#endif

    PcapCaptureFini();
    NdisFreeSpinLock(&PcapGlobals.FilterListLock);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "<===PcapUnload");

    WPP_CLEANUP(DriverObject);
}
