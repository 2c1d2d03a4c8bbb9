/*
 * bad/dnsfilters.c - as other/dnsfilters.c, but the first filter's status
 * is overwritten by the second add before anything reads it: a first add
 * that failed leaves the agent blind to half the traffic while DriverEntry
 * reports success (DE005). Otherwise as calloutok.c: a WFP callout driver that also talks
 * to its resolver over Winsock Kernel. DriverEntry creates the device object
 * its callouts are registered with, registers the callout, opens a dynamic
 * session to the filter engine and adds the callout and a filter there,
 * creates an injection handle, and registers as a WSK client. Each failure
 * unwinds what came before; the unload routine undoes everything, newest
 * first (the dynamic session's objects go with the engine handle).
 *
 * Conforming: DE006 and DE011, with the header model's fwpsk.h, fwpmk.h and
 * wsk.h (no declaration assumed); WDM001 does not ask a callout driver's
 * device object for dispatch routines.
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>
#include <wsk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DnsUnload;

/* {5d6b2c1e-7a0f-4b8e-9c3d-2e4f6a8b0c12} */
static const GUID DnsCalloutKey =
    { 0x5d6b2c1e, 0x7a0f, 0x4b8e, { 0x9c, 0x3d, 0x2e, 0x4f, 0x6a, 0x8b, 0x0c, 0x12 } };

static PDEVICE_OBJECT DnsDevice;
static UINT32 DnsCalloutId;
static HANDLE DnsEngine;
static HANDLE DnsInjection;
static WSK_REGISTRATION DnsWsk;
static const WSK_CLIENT_DISPATCH DnsWskDispatch = { MAKE_WSK_VERSION(1, 0), 0, NULL };

static void NTAPI
DnsClassify(const FWPS_INCOMING_VALUES0 *inFixedValues, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
            void *layerData, const void *classifyContext, const FWPS_FILTER3 *filter, UINT64 flowContext,
            FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

static NTSTATUS NTAPI
DnsNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER3 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

/* The callout and its filter, in the engine's dynamic session. */
static NTSTATUS
DnsAddFilters(VOID)
{
    FWPM_CALLOUT0 callout = { 0 };
    FWPM_FILTER0 filter = { 0 };
    FWPM_FILTER_CONDITION0 condition = { 0 };
    NTSTATUS status;

    callout.calloutKey = DnsCalloutKey;
    callout.displayData.name = L"DNS filter callout";
    callout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd(DnsEngine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    condition.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    condition.matchType = FWP_MATCH_EQUAL;
    condition.conditionValue.type = FWP_UINT16;
    condition.conditionValue.uint16 = 53;
    filter.displayData.name = L"DNS filter";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = DnsCalloutKey;
    filter.filterCondition = &condition;
    filter.numFilterConditions = 1;
    filter.weight.type = FWP_EMPTY;
    status = FwpmFilterAdd(DnsEngine, &filter, NULL, NULL); // expect: DE005
    filter.displayData.name = L"DNS filter (TCP)";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V6;
    status = FwpmFilterAdd(DnsEngine, &filter, NULL, NULL);
    /* the last two share one test: a failure bit survives the OR */
    filter.displayData.name = L"DNS filter (v6, UDP)";
    status |= FwpmFilterAdd(DnsEngine, &filter, NULL, NULL);
    return status;
}

_Use_decl_annotations_
VOID
DnsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    WskDeregister(&DnsWsk);
    FwpsInjectionHandleDestroy(DnsInjection);
    FwpmEngineClose(DnsEngine);
    FwpsCalloutUnregisterById(DnsCalloutId);
    IoDeleteDevice(DnsDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm, wfp-callout, wsk-client
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    FWPS_CALLOUT3 callout = { 0 };
    FWPM_SESSION0 session = { 0 };
    WSK_CLIENT_NPI npi;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &DnsDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    callout.calloutKey = DnsCalloutKey;
    callout.classifyFn = DnsClassify;
    callout.notifyFn = DnsNotify;
    status = FwpsCalloutRegister3(DnsDevice, &callout, &DnsCalloutId);
    if (!NT_SUCCESS(status)) {
        goto delete_device;
    }

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &DnsEngine);
    if (!NT_SUCCESS(status)) {
        goto unregister_callout;
    }
    status = DnsAddFilters();
    if (!NT_SUCCESS(status)) {
        goto close_engine;
    }

    status = FwpsInjectionHandleCreate(AF_INET, FWPS_INJECTION_TYPE_NETWORK, &DnsInjection);
    if (!NT_SUCCESS(status)) {
        goto close_engine;
    }

    npi.ClientContext = NULL;
    npi.Dispatch = &DnsWskDispatch;
    status = WskRegister(&npi, &DnsWsk);
    if (!NT_SUCCESS(status)) {
        goto destroy_injection;
    }

    DriverObject->DriverUnload = DnsUnload;
    return STATUS_SUCCESS;

destroy_injection:
    FwpsInjectionHandleDestroy(DnsInjection);
close_engine:
    FwpmEngineClose(DnsEngine);
unregister_callout:
    FwpsCalloutUnregisterById(DnsCalloutId);
delete_device:
    IoDeleteDevice(DnsDevice);
    return status;
}
