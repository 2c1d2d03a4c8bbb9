/*
 * callout.c - classify side.
 */
#include "portwall.h"

static const UINT16 PwBlockedPorts[] = { 23, 135, 445, 3389 };

static BOOLEAN
PwIsBlockedPort(
    _In_ UINT16 Port
    )
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(PwBlockedPorts); i++) {
        if (PwBlockedPorts[i] == Port) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID
PwBlock(
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    )
{
    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    InterlockedIncrement(&Globals.Blocked);
}

static VOID NTAPI
PwClassifyV4(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    )
{
    UINT16 port;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    if (PwIsBlockedPort(port)) {
        PwBlock(classifyOut);
        return;
    }
    classifyOut->actionType = FWP_ACTION_PERMIT;
}

static VOID NTAPI
PwClassifyV6(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    )
{
    UINT16 port;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT].value.uint16;
    if (PwIsBlockedPort(port)) {
        PwBlock(classifyOut);
        return;
    }
    classifyOut->actionType = FWP_ACTION_PERMIT;
}

static NTSTATUS NTAPI
PwNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID *filterKey,
    _Inout_ FWPS_FILTER1 *filter
    )
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        PW_TRACE("filter attached");
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
PwRegisterOne(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ const GUID *Key,
    _In_ FWPS_CALLOUT_CLASSIFY_FN1 Classify,
    _Out_ UINT32 *CalloutId
    )
{
    FWPS_CALLOUT1 c = { 0 };

    c.calloutKey   = *Key;
    c.flags        = 0;
    c.classifyFn   = Classify;
    c.notifyFn     = PwNotify;
    c.flowDeleteFn = NULL;

    return FwpsCalloutRegister1(DeviceObject, &c, CalloutId);
}

NTSTATUS
PwCalloutsInit(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    NTSTATUS status;

    status = PwRegisterOne(DeviceObject, &PW_CALLOUT_V4_KEY, PwClassifyV4, &Globals.CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* v6 rides along; same classify semantics */
    PwRegisterOne(DeviceObject, &PW_CALLOUT_V6_KEY, PwClassifyV6, &Globals.CalloutIdV6);

    return STATUS_SUCCESS;
}

VOID
PwCalloutsUninit(
    VOID
    )
{
    FwpsCalloutUnregisterById0(Globals.CalloutIdV6);
    FwpsCalloutUnregisterById0(Globals.CalloutIdV4);
    Globals.CalloutIdV6 = 0;
    Globals.CalloutIdV4 = 0;
}
