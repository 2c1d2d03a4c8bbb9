// connlog - WFP callout at ALE_AUTH_CONNECT_V4, prints outgoing connections
// learning WFP, based on reading the docs + a couple of blog posts

#define NDIS61 1
#include <ntddk.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable: 4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#define INITGUID
#include <guiddef.h>

// {6F1B0B2A-3C77-4E0B-9D3A-1B2C3D4E5F60}
DEFINE_GUID(CONNLOG_CALLOUT_GUID,
    0x6f1b0b2a, 0x3c77, 0x4e0b, 0x9d, 0x3a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60);

PDEVICE_OBJECT g_WfpDevice = NULL;
HANDLE g_Engine = NULL;
UINT32 g_CalloutId = 0;
UINT64 g_FilterId = 0;

VOID NTAPI ConnlogClassify(const FWPS_INCOMING_VALUES* inFixedValues,
                           const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
                           void* layerData, const void* classifyContext,
                           const FWPS_FILTER* filter, UINT64 flowContext,
                           FWPS_CLASSIFY_OUT* classifyOut)
{
    UINT32 remote;
    UINT16 port;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    remote = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    DbgPrint("connlog: -> %u.%u.%u.%u:%u\n",
             (remote >> 24) & 0xff, (remote >> 16) & 0xff, (remote >> 8) & 0xff, remote & 0xff, port);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)
        classifyOut->actionType = FWP_ACTION_CONTINUE;
}

NTSTATUS NTAPI ConnlogNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID* filterKey, FWPS_FILTER* filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

VOID ConnlogUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Engine) {
        FwpmFilterDeleteById(g_Engine, g_FilterId);
        FwpmCalloutDeleteByKey(g_Engine, &CONNLOG_CALLOUT_GUID);
        FwpmEngineClose(g_Engine);
        g_Engine = NULL;
    }
    FwpsCalloutUnregisterById(g_CalloutId);
    IoDeleteDevice(g_WfpDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    FWPS_CALLOUT sCallout = { 0 };
    FWPM_CALLOUT mCallout = { 0 };
    FWPM_FILTER fwpFilter = { 0 };

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_WfpDevice);
    if (!NT_SUCCESS(status))
        return status;

    sCallout.calloutKey = CONNLOG_CALLOUT_GUID;
    sCallout.classifyFn = ConnlogClassify;
    sCallout.notifyFn = ConnlogNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister(g_WfpDevice, &sCallout, &g_CalloutId);
    if (!NT_SUCCESS(status)) {
        DbgPrint("connlog: FwpsCalloutRegister 0x%x\n", status);
        goto Exit;
    }

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &g_Engine);
    if (!NT_SUCCESS(status)) {
        DbgPrint("connlog: FwpmEngineOpen 0x%x\n", status);
        goto Exit;
    }

    mCallout.calloutKey = CONNLOG_CALLOUT_GUID;
    mCallout.displayData.name = L"connlog callout";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    status = FwpmCalloutAdd(g_Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status))
        goto Exit;

    fwpFilter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    fwpFilter.displayData.name = L"connlog filter";
    fwpFilter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    fwpFilter.action.calloutKey = CONNLOG_CALLOUT_GUID;
    fwpFilter.weight.type = FWP_EMPTY;

    status = FwpmFilterAdd(g_Engine, &fwpFilter, NULL, &g_FilterId);
    if (!NT_SUCCESS(status)) {
        FwpmCalloutDeleteByKey(g_Engine, &CONNLOG_CALLOUT_GUID);
        goto Exit;
    }

    DriverObject->DriverUnload = ConnlogUnload;

Exit:
    if (!NT_SUCCESS(status)) {
        if (g_Engine) {
            FwpmEngineClose(g_Engine);
            g_Engine = NULL;
        }
        IoDeleteDevice(g_WfpDevice);
        g_WfpDevice = NULL;
    }
    return status;
}
