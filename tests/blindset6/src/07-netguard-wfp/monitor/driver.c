//
// netguard monitor (KMDF) - counts established flows; never blocks.
//
#include "wfpcommon.h"
#include <wdf.h>
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD DriverUnload;

static WDFDEVICE g_ControlDevice = NULL;
static UINT32 g_CalloutIds[2];
static volatile LONG64 g_Flows[2];

static void NTAPI
ClassifyFlow(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER3 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    if (InFixedValues->layerId == FWPS_LAYER_ALE_FLOW_ESTABLISHED_V4) {
        InterlockedIncrement64(&g_Flows[0]);
    } else {
        InterlockedIncrement64(&g_Flows[1]);
    }

    if (ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static const NG_CALLOUT_DESC g_Callouts[] = {
    { &NG_MONITOR_FLOW_V4, ClassifyFlow, NgNotifyNoop, "flow-v4" },
    { &NG_MONITOR_FLOW_V6, ClassifyFlow, NgNotifyNoop, "flow-v6" },
};

static NTSTATUS
RegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    NTSTATUS status;
    FWPS_CALLOUT3 callout;
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(g_Callouts); i++) {
        RtlZeroMemory(&callout, sizeof(callout));
        callout.calloutKey = *g_Callouts[i].CalloutKey;
        callout.classifyFn = g_Callouts[i].Classify;
        callout.notifyFn = g_Callouts[i].Notify;

        status = FwpsCalloutRegister3(DeviceObject, &callout, &g_CalloutIds[i]);
        if (!NT_SUCCESS(status)) {
            while (i-- > 0) {
                FwpsCalloutUnregisterById(g_CalloutIds[i]);
                g_CalloutIds[i] = 0;
            }
            return status;
        }
    }
    return STATUS_SUCCESS;
}

static VOID
UnregisterCallouts(
    VOID
    )
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(g_CalloutIds); i++) {
        if (g_CalloutIds[i] != 0) {
            FwpsCalloutUnregisterById(g_CalloutIds[i]);
            g_CalloutIds[i] = 0;
        }
    }
}

static NTSTATUS
CreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT init;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_KERNEL_ONLY);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &g_ControlDevice);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WdfControlFinishInitializing(g_ControlDevice);
    return STATUS_SUCCESS;
}

VOID
DriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    UnregisterCallouts();

    if (g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
    NG_LOG("monitor unloaded: %lld v4 / %lld v6 flows", g_Flows[0], g_Flows[1]);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = DriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = CreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RegisterCallouts(WdfDeviceWdmGetDeviceObject(g_ControlDevice));
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return STATUS_SUCCESS;
}
