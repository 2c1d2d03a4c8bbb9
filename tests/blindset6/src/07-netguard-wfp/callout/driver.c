//
// netguard callout (WDM) - blocks outbound connects and inbound accepts on a
// fixed list of remote ports.
//
#include "wfpcommon.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;

static PDEVICE_OBJECT g_DeviceObject = NULL;
static HANDLE g_InjectionHandle = NULL;
static volatile LONG64 g_Blocked = 0;

static void NTAPI
ClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER3 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    );

static void NTAPI
ClassifyAccept(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER3 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    );

static const NG_CALLOUT_DESC g_Callouts[] = {
    { &NG_CALLOUT_CONNECT_V4, ClassifyConnect, NgNotifyNoop, "connect-v4" },
    { &NG_CALLOUT_CONNECT_V6, ClassifyConnect, NgNotifyNoop, "connect-v6" },
    { &NG_CALLOUT_ACCEPT_V4,  ClassifyAccept,  NgNotifyNoop, "accept-v4"  },
    { &NG_CALLOUT_ACCEPT_V6,  ClassifyAccept,  NgNotifyNoop, "accept-v6"  },
};

#define CALLOUT_COUNT RTL_NUMBER_OF(g_Callouts)

static UINT32 g_CalloutIds[CALLOUT_COUNT];

static void
BlockIfNeeded(
    _In_ UINT16 RemotePort,
    _In_ const FWPS_FILTER3 *Filter,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    if (!(ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    if (NgIsBlockedPort(RemotePort)) {
        ClassifyOut->actionType = FWP_ACTION_BLOCK;
        ClassifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        ClassifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;
        InterlockedIncrement64(&g_Blocked);
    } else if (Filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
        ClassifyOut->actionType = FWP_ACTION_PERMIT;
        ClassifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    } else {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static void NTAPI
ClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER3 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    UINT16 port;

    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(FlowContext);

    if (InFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V4) {
        port = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    } else {
        port = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT].value.uint16;
    }
    BlockIfNeeded(port, Filter, ClassifyOut);
}

static void NTAPI
ClassifyAccept(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER3 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    UINT16 port;

    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(FlowContext);

    if (InFixedValues->layerId == FWPS_LAYER_ALE_AUTH_RECV_ACCEPT_V4) {
        port = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_REMOTE_PORT].value.uint16;
    } else {
        port = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V6_IP_REMOTE_PORT].value.uint16;
    }
    BlockIfNeeded(port, Filter, ClassifyOut);
}

static NTSTATUS
RegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    FWPS_CALLOUT3 callout;
    ULONG i;

    for (i = 0; i < CALLOUT_COUNT; i++) {
        RtlZeroMemory(&callout, sizeof(callout));
        callout.calloutKey = *g_Callouts[i].CalloutKey;
        callout.classifyFn = g_Callouts[i].Classify;
        callout.notifyFn = g_Callouts[i].Notify;
        callout.flowDeleteFn = NULL;

        status = FwpsCalloutRegister3(DeviceObject, &callout, &g_CalloutIds[i]);
        if (!NT_SUCCESS(status)) {
            NG_LOG("FwpsCalloutRegister3(%s) failed 0x%08X", g_Callouts[i].Name, status);
            while (--i > 0) {
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

    for (i = 0; i < CALLOUT_COUNT; i++) {
        if (g_CalloutIds[i] != 0) {
            FwpsCalloutUnregisterById(g_CalloutIds[i]);
            g_CalloutIds[i] = 0;
        }
    }
}

VOID
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    UnregisterCallouts();

    if (g_InjectionHandle != NULL) {
        FwpsInjectionHandleDestroy(g_InjectionHandle);
        g_InjectionHandle = NULL;
    }

    if (g_DeviceObject != NULL) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }
    NG_LOG("unloaded, %lld connections blocked", g_Blocked);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = DriverUnload;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RegisterCallouts(g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        return status;
    }

    status = FwpsInjectionHandleCreate(AF_UNSPEC, FWPS_INJECTION_TYPE_TRANSPORT, &g_InjectionHandle);
    if (!NT_SUCCESS(status)) {
        UnregisterCallouts();
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        return status;
    }

    NG_LOG("%s", "callouts registered");
    return STATUS_SUCCESS;
}
