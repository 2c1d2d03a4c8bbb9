// netblock - WFP callout that drops outbound IPv4 connects to port 4444
// hobby firewall experiment
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#define INITGUID
#include <guiddef.h>

#define LOG(...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "netblock: " __VA_ARGS__)

// {6F2A8C51-3A0E-4C8B-9E51-1D2B7B4C0A11}
DEFINE_GUID(NB_CALLOUT_KEY, 0x6f2a8c51, 0x3a0e, 0x4c8b, 0x9e, 0x51, 0x1d, 0x2b, 0x7b, 0x4c, 0x0a, 0x11);
// {6F2A8C52-3A0E-4C8B-9E51-1D2B7B4C0A11}
DEFINE_GUID(NB_SUBLAYER_KEY, 0x6f2a8c52, 0x3a0e, 0x4c8b, 0x9e, 0x51, 0x1d, 0x2b, 0x7b, 0x4c, 0x0a, 0x11);

PDEVICE_OBJECT g_Dev = NULL;
HANDLE g_Engine = NULL;
UINT32 g_CalloutId = 0;
UINT64 g_FilterId = 0;

VOID NTAPI NbClassify(const FWPS_INCOMING_VALUES0* in, const FWPS_INCOMING_METADATA_VALUES0* meta,
                      void* layerData, const void* ctx, const FWPS_FILTER3* filter,
                      UINT64 flowCtx, FWPS_CLASSIFY_OUT0* out)
{
    UNREFERENCED_PARAMETER(meta); UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(ctx); UNREFERENCED_PARAMETER(filter); UNREFERENCED_PARAMETER(flowCtx);
    if (!(out->rights & FWPS_RIGHT_ACTION_WRITE))
        return;
    UINT16 port = in->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    if (port == 4444) {
        out->actionType = FWP_ACTION_BLOCK;
        out->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    } else {
        out->actionType = FWP_ACTION_PERMIT;
    }
}

NTSTATUS NTAPI NbNotify(FWPS_CALLOUT_NOTIFY_TYPE type, const GUID* key, FWPS_FILTER3* filter)
{
    UNREFERENCED_PARAMETER(type); UNREFERENCED_PARAMETER(key); UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

VOID NbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    FwpmFilterDeleteById(g_Engine, g_FilterId);
    FwpmCalloutDeleteById(g_Engine, g_CalloutId);
    FwpmSubLayerDeleteByKey(g_Engine, &NB_SUBLAYER_KEY);
    FwpmEngineClose(g_Engine);
    FwpsCalloutUnregisterById(g_CalloutId);
    IoDeleteDevice(g_Dev);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    FWPM_SESSION0 session = { 0 };
    FWPM_SUBLAYER0 sub = { 0 };
    FWPS_CALLOUT3 sCallout = { 0 };
    FWPM_CALLOUT0 mCallout = { 0 };
    FWPM_FILTER0 flt = { 0 };

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE, &g_Dev);
    if (!NT_SUCCESS(status))
        return status;

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Engine);
    if (!NT_SUCCESS(status)) { LOG("engine open %x\n", status); goto del_device; }

    sub.subLayerKey = NB_SUBLAYER_KEY;
    sub.displayData.name = L"netblock sublayer";
    sub.weight = 0x100;
    status = FwpmSubLayerAdd0(g_Engine, &sub, NULL);
    if (!NT_SUCCESS(status)) { LOG("sublayer %x\n", status); goto close_engine; }

    sCallout.calloutKey = NB_CALLOUT_KEY;
    sCallout.classifyFn = NbClassify;
    sCallout.notifyFn = NbNotify;
    status = FwpsCalloutRegister3(g_Dev, &sCallout, &g_CalloutId);
    if (!NT_SUCCESS(status)) { LOG("callout register %x\n", status); goto close_engine; }

    mCallout.calloutKey = NB_CALLOUT_KEY;
    mCallout.displayData.name = L"netblock callout";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(g_Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) { LOG("callout add %x\n", status); goto close_engine; }

    flt.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    flt.subLayerKey = NB_SUBLAYER_KEY;
    flt.displayData.name = L"netblock filter";
    flt.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    flt.action.calloutKey = NB_CALLOUT_KEY;
    flt.weight.type = FWP_EMPTY;
    status = FwpmFilterAdd0(g_Engine, &flt, NULL, &g_FilterId);
    if (!NT_SUCCESS(status)) { LOG("filter add %x\n", status); goto close_engine; }

    DriverObject->DriverUnload = NbUnload;
    LOG("running\n");
    return STATUS_SUCCESS;

close_engine:
    FwpmEngineClose0(g_Engine);   // dynamic session: sublayer/callout/filter objects go away with it
    g_Engine = NULL;
del_device:
    IoDeleteDevice(g_Dev);
    g_Dev = NULL;
    return status;
}
