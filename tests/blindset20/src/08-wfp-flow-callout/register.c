/*++

Copyright (c) Adatum Network Security.  All rights reserved.

Module Name:

    register.c

Abstract:

    Filter engine session, sublayer, callout and filter registration for
    the flow monitor.  The GUIDs declared in flowmon.h are instantiated
    here.

Environment:

    Kernel mode, PASSIVE_LEVEL.

--*/

#define INITGUID
#include <guiddef.h>

#include "flowmon.h"

#define FM_SUBLAYER_WEIGHT  0x4000

static
NTSTATUS
FmAddSublayer(
    _In_ PFM_GLOBALS Globals
    );

static
NTSTATUS
FmRegisterCallout(
    _In_ PFM_GLOBALS Globals,
    _In_ const FM_CALLOUT_DESCRIPTOR *Descriptor,
    _Out_ UINT32 *CalloutId
    );

static
NTSTATUS
FmAddFilter(
    _In_ PFM_GLOBALS Globals,
    _In_ const FM_CALLOUT_DESCRIPTOR *Descriptor,
    _Out_ UINT64 *FilterId
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FmOpenEngine)
#pragma alloc_text(PAGE, FmRegisterCalloutsAndFilters)
#pragma alloc_text(PAGE, FmUnregisterAll)
#pragma alloc_text(PAGE, FmAddSublayer)
#pragma alloc_text(PAGE, FmRegisterCallout)
#pragma alloc_text(PAGE, FmAddFilter)
#endif

//
// One row per callout; registration walks the table in order.
//
const FM_CALLOUT_DESCRIPTOR FmCalloutTable[FM_MAX_CALLOUTS] = {

    { &FM_CALLOUT_CONNECT_V4,
      &FWPM_LAYER_ALE_AUTH_CONNECT_V4,
      FmClassifyConnect,
      FmNotify,
      FWP_ACTION_CALLOUT_TERMINATING,
      L"Adatum connect policy (v4)",
      L"Blocks outbound connections to configured remote ports" },

    { &FM_CALLOUT_ACCEPT_V4,
      &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4,
      FmClassifyAccept,
      FmNotify,
      FWP_ACTION_CALLOUT_INSPECTION,
      L"Adatum accept counter (v4)",
      L"Counts inbound connection accepts" },

    { &FM_CALLOUT_ESTABLISHED_V4,
      &FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4,
      FmClassifyEstablished,
      FmNotify,
      FWP_ACTION_CALLOUT_INSPECTION,
      L"Adatum flow logger (v4)",
      L"Logs established flows" },

#if defined(FM_ENABLE_IPV6)
    { &FM_CALLOUT_CONNECT_V6,
      &FWPM_LAYER_ALE_AUTH_CONNECT_V6,
      FmClassifyConnect,
      FmNotify,
      FWP_ACTION_CALLOUT_TERMINATING,
      L"Adatum connect policy (v6)",
      L"Blocks outbound connections to configured remote ports" },

    { &FM_CALLOUT_ACCEPT_V6,
      &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V6,
      FmClassifyAccept,
      FmNotify,
      FWP_ACTION_CALLOUT_INSPECTION,
      L"Adatum accept counter (v6)",
      L"Counts inbound connection accepts" },

    { &FM_CALLOUT_ESTABLISHED_V6,
      &FWPM_LAYER_ALE_FLOW_ESTABLISHED_V6,
      FmClassifyEstablished,
      FmNotify,
      FWP_ACTION_CALLOUT_INSPECTION,
      L"Adatum flow logger (v6)",
      L"Logs established flows" },
#endif
};


_Use_decl_annotations_
NTSTATUS
FmOpenEngine(
    PFM_GLOBALS Globals
    )
{
    FWPM_SESSION0 session;

    PAGED_CODE();

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"Adatum flow monitor";

    return FwpmEngineOpen0(NULL,
                           RPC_C_AUTHN_WINNT,
                           NULL,
                           &session,
                           &Globals->EngineHandle);
}


static
NTSTATUS
FmAddSublayer(
    _In_ PFM_GLOBALS Globals
    )
{
    FWPM_SUBLAYER0 subLayer;

    PAGED_CODE();

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = FM_SUBLAYER_KEY;
    subLayer.displayData.name = L"Adatum flow monitor sublayer";
    subLayer.displayData.description = L"Holds the flow monitor filters";
    subLayer.flags = 0;
    subLayer.weight = FM_SUBLAYER_WEIGHT;

    return FwpmSubLayerAdd0(Globals->EngineHandle, &subLayer, NULL);
}


static
NTSTATUS
FmRegisterCallout(
    _In_ PFM_GLOBALS Globals,
    _In_ const FM_CALLOUT_DESCRIPTOR *Descriptor,
    _Out_ UINT32 *CalloutId
    )
/*++

Routine Description:

    Registers the runtime callout with the filter engine and adds the
    matching management object to the current transaction.

--*/
{
    FWPS_CALLOUT1 sCallout;
    FWPM_CALLOUT0 mCallout;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = *Descriptor->CalloutKey;
    sCallout.classifyFn = Descriptor->ClassifyFn;
    sCallout.notifyFn = Descriptor->NotifyFn;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister1(Globals->DeviceObject, &sCallout, CalloutId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = *Descriptor->CalloutKey;
    mCallout.displayData.name = (wchar_t *)Descriptor->Name;
    mCallout.displayData.description = (wchar_t *)Descriptor->Description;
    mCallout.applicableLayer = *Descriptor->LayerKey;

    status = FwpmCalloutAdd0(Globals->EngineHandle, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        FM_ERROR("FwpmCalloutAdd0 failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}


static
NTSTATUS
FmAddFilter(
    _In_ PFM_GLOBALS Globals,
    _In_ const FM_CALLOUT_DESCRIPTOR *Descriptor,
    _Out_ UINT64 *FilterId
    )
{
    FWPM_FILTER0 filter;

    PAGED_CODE();

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey = *Descriptor->LayerKey;
    filter.subLayerKey = FM_SUBLAYER_KEY;
    filter.displayData.name = (wchar_t *)Descriptor->Name;
    filter.displayData.description = (wchar_t *)Descriptor->Description;
    filter.action.type = Descriptor->FilterAction;
    filter.action.calloutKey = *Descriptor->CalloutKey;
    filter.weight.type = FWP_EMPTY;     // let BFE assign
    filter.numFilterConditions = 0;
    filter.filterCondition = NULL;

    return FwpmFilterAdd0(Globals->EngineHandle, &filter, NULL, FilterId);
}


_Use_decl_annotations_
NTSTATUS
FmRegisterCalloutsAndFilters(
    PFM_GLOBALS Globals
    )
/*++

Routine Description:

    Adds the sublayer, then each callout and its filter, inside one BFE
    transaction so the policy appears atomically.

--*/
{
    NTSTATUS status;
    ULONG i;

    PAGED_CODE();

    FM_CHECK(FwpmTransactionBegin0(Globals->EngineHandle, 0));
    Globals->InTransaction = TRUE;

    FM_CHECK(FmAddSublayer(Globals));

    for (i = 0; i < RTL_NUMBER_OF(FmCalloutTable); i++) {

        FM_CHECK(FmRegisterCallout(Globals, &FmCalloutTable[i], &Globals->CalloutIds[i]));
        Globals->RegisteredCallouts++;

        FM_CHECK(FmAddFilter(Globals, &FmCalloutTable[i], &Globals->FilterIds[i]));
    }

    FM_CHECK(FwpmTransactionCommit0(Globals->EngineHandle));
    Globals->InTransaction = FALSE;

Exit:

    if (Globals->InTransaction) {
        (VOID)FwpmTransactionAbort0(Globals->EngineHandle);
        Globals->InTransaction = FALSE;
    }

    return status;
}


_Use_decl_annotations_
VOID
FmUnregisterAll(
    PFM_GLOBALS Globals
    )
/*++

Routine Description:

    Closing the dynamic session removes the sublayer, filters and
    management callouts; after that no filter references the runtime
    callouts and they can be unregistered.

--*/
{
    NTSTATUS status;
    ULONG i;

    PAGED_CODE();

    if (Globals->EngineHandle != NULL) {
        (VOID)FwpmEngineClose0(Globals->EngineHandle);
        Globals->EngineHandle = NULL;
    }

    for (i = Globals->RegisteredCallouts; i > 0; i--) {
        status = FwpsCalloutUnregisterById0(Globals->CalloutIds[i - 1]);
        if (!NT_SUCCESS(status)) {
            FM_ERROR("FwpsCalloutUnregisterById0(%u) failed 0x%08X",
                     Globals->CalloutIds[i - 1], status);
        }
    }

    Globals->RegisteredCallouts = 0;
}
