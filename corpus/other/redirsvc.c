/*
 * redirsvc.c - WFP connect-redirect callout of a local proxy. DriverEntry
 * creates the device object for its callout, registers the callout, opens
 * the filter engine, creates a redirect handle, subscribes to the base
 * filtering engine's state (to add its filters when BFE starts), and
 * registers with the network module registrar both as a client of the
 * proxy's interface and as the provider of its own. Failures unwind; the
 * unload routine undoes everything, newest first.
 *
 * Conforming: DE006 and DE011.
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>
#include <netioddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RsvUnload;

/* {2f7e0c4a-9b1d-4e63-8a5f-6c0d3b2e1a94} */
static const GUID RsvKey = { 0x2f7e0c4a, 0x9b1d, 0x4e63, { 0x8a, 0x5f, 0x6c, 0x0d, 0x3b, 0x2e, 0x1a, 0x94 } };
/* {8c3a5e21-0d4b-4f7a-b6e9-3a1c2d5f7e80} */
static const NPIID RsvNpi = { 0x8c3a5e21, 0x0d4b, 0x4f7a, { 0xb6, 0xe9, 0x3a, 0x1c, 0x2d, 0x5f, 0x7e, 0x80 } };

static PDEVICE_OBJECT RsvDevice;
static UINT32 RsvCalloutId;
static HANDLE RsvEngine, RsvRedirect, RsvBfe, RsvClient, RsvProvider;

static void NTAPI
RsvClassify(const FWPS_INCOMING_VALUES0 *inFixedValues, const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
            void *layerData, const void *classifyContext, const FWPS_FILTER3 *filter, UINT64 flowContext,
            FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);
    classifyOut->actionType = FWP_ACTION_PERMIT;
}

static NTSTATUS NTAPI
RsvNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER3 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

static void NTAPI
RsvBfeChanged(void *context, FWPM_SERVICE_STATE newState)
{
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(newState);
}

static NTSTATUS NTAPI
RsvAttachProvider(HANDLE binding, PVOID context, PNPI_REGISTRATION_INSTANCE instance)
{
    UNREFERENCED_PARAMETER(binding);
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(instance);
    return STATUS_NOINTERFACE;
}

static NTSTATUS NTAPI
RsvAttachClient(HANDLE binding, PVOID context, PNPI_REGISTRATION_INSTANCE instance, PVOID clientContext,
                const VOID *clientDispatch, PVOID *bindingContext, const VOID **dispatch)
{
    UNREFERENCED_PARAMETER(binding);
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(instance);
    UNREFERENCED_PARAMETER(clientContext);
    UNREFERENCED_PARAMETER(clientDispatch);
    UNREFERENCED_PARAMETER(bindingContext);
    UNREFERENCED_PARAMETER(dispatch);
    return STATUS_NOINTERFACE;
}

static NPI_MODULEID RsvModule = { sizeof(NPI_MODULEID), MIT_GUID, { 0 } };
static NPI_CLIENT_CHARACTERISTICS RsvClientChars = {
    0, sizeof(NPI_CLIENT_CHARACTERISTICS), RsvAttachProvider, NULL, NULL,
    { 0, sizeof(NPI_REGISTRATION_INSTANCE), &RsvNpi, &RsvModule, 0, NULL }
};
static NPI_PROVIDER_CHARACTERISTICS RsvProviderChars = {
    0, sizeof(NPI_PROVIDER_CHARACTERISTICS), RsvAttachClient, NULL, NULL,
    { 0, sizeof(NPI_REGISTRATION_INSTANCE), &RsvNpi, &RsvModule, 0, NULL }
};

_Use_decl_annotations_
VOID
RsvUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NmrDeregisterProvider(RsvProvider);
    NmrDeregisterClient(RsvClient);
    FwpmBfeStateUnsubscribeChanges(RsvBfe);
    FwpsRedirectHandleDestroy(RsvRedirect);
    FwpmEngineClose(RsvEngine);
    FwpsCalloutUnregisterById(RsvCalloutId);
    IoDeleteDevice(RsvDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm, wfp-callout
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    FWPS_CALLOUT3 callout;
    FWPM_SESSION0 session;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&callout, sizeof(callout));
    RtlZeroMemory(&session, sizeof(session));

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &RsvDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    callout.calloutKey = RsvKey;
    callout.classifyFn = RsvClassify;
    callout.notifyFn = RsvNotify;
    status = FwpsCalloutRegister3(RsvDevice, &callout, &RsvCalloutId);
    if (!NT_SUCCESS(status)) {
        goto delete_device;
    }
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &RsvEngine);
    if (!NT_SUCCESS(status)) {
        goto unregister_callout;
    }
    status = FwpsRedirectHandleCreate0(&RsvKey, 0, &RsvRedirect);
    if (!NT_SUCCESS(status)) {
        goto close_engine;
    }
    status = FwpmBfeStateSubscribeChanges0(RsvDevice, RsvBfeChanged, NULL, &RsvBfe);
    if (!NT_SUCCESS(status)) {
        goto destroy_redirect;
    }
    status = NmrRegisterClient(&RsvClientChars, NULL, &RsvClient);
    if (!NT_SUCCESS(status)) {
        goto unsubscribe;
    }
    status = NmrRegisterProvider(&RsvProviderChars, NULL, &RsvProvider);
    if (!NT_SUCCESS(status)) {
        goto deregister_client;
    }

    DriverObject->DriverUnload = RsvUnload;
    return STATUS_SUCCESS;

deregister_client:
    NmrDeregisterClient(RsvClient);
unsubscribe:
    FwpmBfeStateUnsubscribeChanges0(RsvBfe);
destroy_redirect:
    FwpsRedirectHandleDestroy0(RsvRedirect);
close_engine:
    FwpmEngineClose0(RsvEngine);
unregister_callout:
    FwpsCalloutUnregisterById0(RsvCalloutId);
delete_device:
    IoDeleteDevice(RsvDevice);
    return status;
}
