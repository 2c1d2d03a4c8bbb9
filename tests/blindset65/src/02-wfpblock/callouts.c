//
// callouts.c - classify/notify functions and the Fwps registration.
//
#include "wfpblock.h"

static BOOLEAN
WbIsBlockedPort(UINT16 Port)
{
    ULONG i;
    for (i = 0; i < Wb.BlockedPortCount; i++) {
        if (Wb.BlockedPorts[i] == Port) {
            return TRUE;
        }
    }
    return FALSE;
}

static void NTAPI
WbClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0*          inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void*                          layerData,
    _In_opt_ const void*                       classifyContext,
    _In_ const FWPS_FILTER2*                   filter,
    _In_ UINT64                                flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0*                classifyOut
    )
{
    UINT16 port;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;     // someone above us already decided
    }

    port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    if (WbIsBlockedPort(port)) {
        InterlockedIncrement(&Wb.BlockCount);
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        if (filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
            classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        }
        return;
    }

    classifyOut->actionType = FWP_ACTION_PERMIT;
}

static void NTAPI
WbClassifyAccept(
    _In_ const FWPS_INCOMING_VALUES0*          inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void*                          layerData,
    _In_opt_ const void*                       classifyContext,
    _In_ const FWPS_FILTER2*                   filter,
    _In_ UINT64                                flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0*                classifyOut
    )
{
    UINT16 lport;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    lport = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_LOCAL_PORT].value.uint16;
    InterlockedIncrement(&Wb.AcceptCount);
    WbInfo("accept on local port %u", lport);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

static NTSTATUS NTAPI
WbNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID*              filterKey,
    _Inout_ FWPS_FILTER2*         filter
    )
{
    UNREFERENCED_PARAMETER(filterKey);

    switch (notifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        WbInfo("filter %I64u added", filter->filterId);
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        WbInfo("filter %I64u deleted", filter->filterId);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
WbRegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    NTSTATUS status;
    FWPS_CALLOUT2 sc;

    RtlZeroMemory(&sc, sizeof(sc));
    sc.calloutKey   = WB_CALLOUT_CONNECT_V4;
    sc.classifyFn   = WbClassifyConnect;
    sc.notifyFn     = WbNotify;
    sc.flowDeleteFn = NULL;

    status = FwpsCalloutRegister2(DeviceObject, &sc, &Wb.ConnectCalloutId);
    if (!NT_SUCCESS(status)) {
        WbErr("FwpsCalloutRegister2(connect) 0x%08X", status);
        return status;
    }

    RtlZeroMemory(&sc, sizeof(sc));
    sc.calloutKey   = WB_CALLOUT_ACCEPT_V4;
    sc.classifyFn   = WbClassifyAccept;
    sc.notifyFn     = WbNotify;
    sc.flowDeleteFn = NULL;

    status = FwpsCalloutRegister2(DeviceObject, &sc, &Wb.AcceptCalloutId);
    if (!NT_SUCCESS(status)) {
        WbErr("FwpsCalloutRegister2(accept) 0x%08X", status);
        Wb.AcceptCalloutId = 0;
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
WbUnregisterCallouts(VOID)
{
    if (Wb.AcceptCalloutId != 0) {
        FwpsCalloutUnregisterById0(Wb.AcceptCalloutId);
        Wb.AcceptCalloutId = 0;
    }
    if (Wb.ConnectCalloutId != 0) {
        FwpsCalloutUnregisterById0(Wb.ConnectCalloutId);
        Wb.ConnectCalloutId = 0;
    }
}
