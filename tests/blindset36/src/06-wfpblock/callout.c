/*
 * callout.c - runtime (fwps) side: classify/notify and registration
 */
#include "wfpblock.h"

static BOOLEAN
WbIsBlockedPort(
    _In_ USHORT Port
    )
{
    ULONG i;

    for (i = 0; i < gWb.BlockedPortCount; i++) {
        if (gWb.BlockedPorts[i] == Port) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID NTAPI
WbClassifyConnectV4(
    _In_ const FWPS_INCOMING_VALUES0*          inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void*                          layerData,
    _In_opt_ const void*                       classifyContext,
    _In_ const FWPS_FILTER3*                   filter,
    _In_ UINT64                                flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0*                classifyOut
    )
{
    UINT8  proto;
    USHORT port;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(flowContext);

    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;                 /* someone above us already decided */
    }

    proto = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;
    port  = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    if (proto == IPPROTO_TCP && WbIsBlockedPort(port)) {
        InterlockedIncrement(&gWb.BlockCount);
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        if (filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
            classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        }
        return;
    }

    classifyOut->actionType = FWP_ACTION_PERMIT;
}

static NTSTATUS NTAPI
WbNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID*              filterKey,
    _Inout_ FWPS_FILTER3*         filter
    )
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        WB_PRINT("filter attached to callout");
    } else if (notifyType == FWPS_CALLOUT_NOTIFY_DELETE_FILTER) {
        WB_PRINT("filter detached from callout");
    }
    return STATUS_SUCCESS;
}

NTSTATUS
WbRegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    FWPS_CALLOUT3 callout;
    NTSTATUS status;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey   = WB_CALLOUT_CONNECT_V4;
    callout.flags        = 0;
    callout.classifyFn   = WbClassifyConnectV4;
    callout.notifyFn     = WbNotify;
    callout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister3(DeviceObject, &callout, &gWb.CalloutId);
    if (NT_SUCCESS(status)) {
        gWb.CalloutRegistered = TRUE;
    }
    return status;
}

VOID
WbUnregisterCallouts(VOID)
{
    NTSTATUS status;

    if (!gWb.CalloutRegistered) {
        return;
    }

    status = FwpsCalloutUnregisterById0(gWb.CalloutId);
    WB_CHECK(status, "FwpsCalloutUnregisterById0");

    gWb.CalloutRegistered = FALSE;
    gWb.CalloutId = 0;
}
