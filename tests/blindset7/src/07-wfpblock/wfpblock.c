/*
 * wfpblock.c - block outbound TCP connections to one remote port
 *
 * Small WFP callout experiment: one callout at ALE_AUTH_CONNECT_V4 and one
 * filter that sends connections to BLOCKED_PORT into it. Everything lives in
 * a dynamic BFE session, so closing the engine handle removes the filter and
 * the callout object from BFE.
 *
 * sc create wfpblock type= kernel binPath= C:\drivers\wfpblock.sys
 */
#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable:4201)   /* nameless struct/union */
#define NDIS61 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define INITGUID
#include <guiddef.h>

#define BLOCKED_PORT 23         /* telnet; change and rebuild */

/* {6C3F6A42-2F5B-4E0B-9B5A-1E6D6A2C7B10} */
DEFINE_GUID(WFPBLOCK_CALLOUT_V4,
    0x6c3f6a42, 0x2f5b, 0x4e0b, 0x9b, 0x5a, 0x1e, 0x6d, 0x6a, 0x2c, 0x7b, 0x10);
/* {0D8E1B77-5C2A-4F61-8E3D-2B7F4A9C1E55} */
DEFINE_GUID(WFPBLOCK_SUBLAYER,
    0x0d8e1b77, 0x5c2a, 0x4f61, 0x8e, 0x3d, 0x2b, 0x7f, 0x4a, 0x9c, 0x1e, 0x55);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WbUnload;

static PDEVICE_OBJECT g_WfpDevice;
static HANDLE         g_Engine;
static UINT32         g_CalloutId;
static UINT64         g_FilterId;
static volatile LONG  g_Blocked;

/* ------------------------------------------------------------------ */

static void NTAPI
WbClassify(const FWPS_INCOMING_VALUES0 *inFixedValues,
           const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
           void *layerData,
           const FWPS_FILTER0 *filter,
           UINT64 flowContext,
           FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UINT16 remotePort;
    UINT8  protocol;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;     /* someone above us already decided */
    }

    protocol = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;
    remotePort = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    if (protocol == IPPROTO_TCP && remotePort == BLOCKED_PORT) {
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        InterlockedIncrement(&g_Blocked);
    } else {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

static NTSTATUS NTAPI
WbNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, const FWPS_FILTER0 *filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);

    switch (notifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        KdPrint(("wfpblock: filter attached to callout\n"));
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        KdPrint(("wfpblock: filter detached from callout\n"));
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ */

/* Adds sublayer, callout object and filter inside one BFE transaction. */
static NTSTATUS WbAddFilterObjects(void)
{
    FWPM_SUBLAYER0 sublayer;
    FWPM_CALLOUT0 callout;
    FWPM_FILTER0 filter;
    FWPM_FILTER_CONDITION0 cond;
    NTSTATUS status;

    status = FwpmTransactionBegin0(g_Engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&sublayer, sizeof(sublayer));
    sublayer.subLayerKey = WFPBLOCK_SUBLAYER;
    sublayer.displayData.name = L"wfpblock sublayer";
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd0(g_Engine, &sublayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WFPBLOCK_CALLOUT_V4;
    callout.displayData.name = L"wfpblock connect callout";
    callout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(g_Engine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    RtlZeroMemory(&cond, sizeof(cond));
    cond.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    cond.matchType = FWP_MATCH_EQUAL;
    cond.conditionValue.type = FWP_UINT16;
    cond.conditionValue.uint16 = BLOCKED_PORT;

    RtlZeroMemory(&filter, sizeof(filter));
    filter.displayData.name = L"wfpblock filter";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WFPBLOCK_SUBLAYER;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = WFPBLOCK_CALLOUT_V4;
    filter.numFilterConditions = 1;
    filter.filterCondition = &cond;
    status = FwpmFilterAdd0(g_Engine, &filter, NULL, &g_FilterId);
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    return FwpmTransactionCommit0(g_Engine);

abort:
    FwpmTransactionAbort0(g_Engine);
    return status;
}

/* ------------------------------------------------------------------ */

VOID WbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* dynamic session: closing the engine deletes filter, callout and sublayer */
    if (g_Engine != NULL) {
        FwpmEngineClose0(g_Engine);
        g_Engine = NULL;
    }
    FwpsCalloutUnregisterById0(g_CalloutId);

    KdPrint(("wfpblock: unloaded, %ld connections blocked\n", g_Blocked));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    FWPS_CALLOUT0 sCallout;
    FWPM_SESSION0 session;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    /* FwpsCalloutRegister needs a device object, any will do */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_WfpDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WFPBLOCK_CALLOUT_V4;
    sCallout.classifyFn = WbClassify;
    sCallout.notifyFn = WbNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister0(g_WfpDevice, &sCallout, &g_CalloutId);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wfpblock: FwpsCalloutRegister0 failed 0x%08X\n", status));
        IoDeleteDevice(g_WfpDevice);
        return status;
    }

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Engine);
    if (!NT_SUCCESS(status)) {
        KdPrint(("wfpblock: FwpmEngineOpen0 failed 0x%08X (is BFE running?)\n", status));
        IoDeleteDevice(g_WfpDevice);
        return status;
    }

    status = WbAddFilterObjects();
    if (!NT_SUCCESS(status)) {
        KdPrint(("wfpblock: adding filter objects failed 0x%08X\n", status));
        FwpmEngineClose0(g_Engine);
        g_Engine = NULL;
        FwpsCalloutUnregisterById0(g_CalloutId);
        IoDeleteDevice(g_WfpDevice);
        return status;
    }

    DriverObject->DriverUnload = WbUnload;
    KdPrint(("wfpblock: blocking tcp/%u\n", BLOCKED_PORT));
    return STATUS_SUCCESS;
}
