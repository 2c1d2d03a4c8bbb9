/*
 * pktcount.c - WFP inspection callouts that count IPv4 packets/bytes
 *
 * Two callouts (inbound/outbound IP packet layer), one sublayer, one
 * filter per callout, everything added inside a single transaction on a
 * dynamic session so closing the engine handle removes the BFE objects.
 * Counters are read through \\.\PktCount.
 */
#define NDIS61 1
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#define INITGUID
#include <guiddef.h>

/* {a3e5c2b1-7d44-4c1e-8f0a-61b2d9e4c701} */
DEFINE_GUID(PKC_CALLOUT_IN_V4, 0xa3e5c2b1, 0x7d44, 0x4c1e, 0x8f, 0x0a, 0x61, 0xb2, 0xd9, 0xe4, 0xc7, 0x01);
/* {a3e5c2b1-7d44-4c1e-8f0a-61b2d9e4c702} */
DEFINE_GUID(PKC_CALLOUT_OUT_V4, 0xa3e5c2b1, 0x7d44, 0x4c1e, 0x8f, 0x0a, 0x61, 0xb2, 0xd9, 0xe4, 0xc7, 0x02);
/* {a3e5c2b1-7d44-4c1e-8f0a-61b2d9e4c7ff} */
DEFINE_GUID(PKC_SUBLAYER, 0xa3e5c2b1, 0x7d44, 0x4c1e, 0x8f, 0x0a, 0x61, 0xb2, 0xd9, 0xe4, 0xc7, 0xff);

#define PKC_DEVICE_NAME     L"\\Device\\PktCount"
#define PKC_LINK_NAME       L"\\DosDevices\\PktCount"
#define IOCTL_PKC_QUERY     CTL_CODE(FILE_DEVICE_NETWORK, 0x860, METHOD_BUFFERED, FILE_READ_ACCESS)

enum { PKC_IN = 0, PKC_OUT = 1, PKC_DIRECTIONS = 2 };

typedef struct _PKC_COUNTERS {
    LONG64 Packets[PKC_DIRECTIONS];
    LONG64 Bytes[PKC_DIRECTIONS];
} PKC_COUNTERS;

static struct {
    PDEVICE_OBJECT DeviceObject;
    BOOLEAN        LinkCreated;
    HANDLE         EngineHandle;
    UINT32         CalloutIds[PKC_DIRECTIONS];
    PKC_COUNTERS   Counters;
} g_Pkc;

static const GUID *const s_CalloutKeys[PKC_DIRECTIONS] = { &PKC_CALLOUT_IN_V4, &PKC_CALLOUT_OUT_V4 };
static const GUID *const s_LayerKeys[PKC_DIRECTIONS] = { &FWPM_LAYER_INBOUND_IPPACKET_V4, &FWPM_LAYER_OUTBOUND_IPPACKET_V4 };

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PkcUnload;
static DRIVER_DISPATCH PkcCreateClose;
static DRIVER_DISPATCH PkcDeviceControl;

static VOID NTAPI
PkcClassify(const FWPS_INCOMING_VALUES0 *inFixedValues,
            const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
            VOID *layerData,
            const FWPS_FILTER0 *filter,
            UINT64 flowContext,
            FWPS_CLASSIFY_OUT0 *classifyOut)
{
    int dir = (inFixedValues->layerId == FWPS_LAYER_INBOUND_IPPACKET_V4) ? PKC_IN : PKC_OUT;
    PNET_BUFFER_LIST nbl = (PNET_BUFFER_LIST)layerData;
    LONG64 bytes = 0;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    for (; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        PNET_BUFFER nb;
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            bytes += NET_BUFFER_DATA_LENGTH(nb);
            InterlockedIncrement64(&g_Pkc.Counters.Packets[dir]);
        }
    }
    InterlockedAdd64(&g_Pkc.Counters.Bytes[dir], bytes);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
PkcNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER0 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

static NTSTATUS
PkcAddCallout(_In_ PDEVICE_OBJECT deviceObject, _In_ int dir)
{
    FWPS_CALLOUT0 sCallout = { 0 };
    FWPM_CALLOUT0 mCallout = { 0 };
    FWPM_FILTER0 filter = { 0 };
    NTSTATUS status;

    sCallout.calloutKey = *s_CalloutKeys[dir];
    sCallout.classifyFn = PkcClassify;
    sCallout.notifyFn = PkcNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister0(deviceObject, &sCallout, &g_Pkc.CalloutIds[dir]);
    if (!NT_SUCCESS(status)) {
        g_Pkc.CalloutIds[dir] = 0;
        return status;
    }

    mCallout.calloutKey = *s_CalloutKeys[dir];
    mCallout.displayData.name = (dir == PKC_IN) ? L"PktCount inbound v4" : L"PktCount outbound v4";
    mCallout.displayData.description = L"Counts IPv4 packets";
    mCallout.applicableLayer = *s_LayerKeys[dir];

    status = FwpmCalloutAdd0(g_Pkc.EngineHandle, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;          /* caller unregisters CalloutIds[dir] */
    }

    filter.layerKey = *s_LayerKeys[dir];
    filter.subLayerKey = PKC_SUBLAYER;
    filter.displayData.name = L"PktCount filter";
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = *s_CalloutKeys[dir];
    filter.numFilterConditions = 0;

    return FwpmFilterAdd0(g_Pkc.EngineHandle, &filter, NULL, NULL);
}

static VOID
PkcUnregisterRuntimeCallouts(VOID)
{
    int dir;

    for (dir = 0; dir < PKC_DIRECTIONS; dir++) {
        if (g_Pkc.CalloutIds[dir] != 0) {
            FwpsCalloutUnregisterById0(g_Pkc.CalloutIds[dir]);
            g_Pkc.CalloutIds[dir] = 0;
        }
    }
}

static NTSTATUS
PkcRegisterWfp(_In_ PDEVICE_OBJECT deviceObject)
{
    FWPM_SESSION0 session = { 0 };
    FWPM_SUBLAYER0 subLayer = { 0 };
    BOOLEAN inTransaction = FALSE;
    NTSTATUS status;
    int dir;

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Pkc.EngineHandle);
    if (!NT_SUCCESS(status)) {
        g_Pkc.EngineHandle = NULL;
        return status;
    }

    status = FwpmTransactionBegin0(g_Pkc.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    inTransaction = TRUE;

    subLayer.subLayerKey = PKC_SUBLAYER;
    subLayer.displayData.name = L"PktCount sublayer";
    subLayer.weight = 0x100;
    status = FwpmSubLayerAdd0(g_Pkc.EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    for (dir = 0; dir < PKC_DIRECTIONS; dir++) {
        status = PkcAddCallout(deviceObject, dir);
        if (!NT_SUCCESS(status)) {
            goto Fail;
        }
    }

    status = FwpmTransactionCommit0(g_Pkc.EngineHandle);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    return STATUS_SUCCESS;

Fail:
    if (inTransaction) {
        FwpmTransactionAbort0(g_Pkc.EngineHandle);
    }
    PkcUnregisterRuntimeCallouts();
    FwpmEngineClose0(g_Pkc.EngineHandle);
    g_Pkc.EngineHandle = NULL;
    return status;
}

static NTSTATUS
PkcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PkcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PKC_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PKC_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PKC_COUNTERS *out = (PKC_COUNTERS *)Irp->AssociatedIrp.SystemBuffer;
            int dir;
            for (dir = 0; dir < PKC_DIRECTIONS; dir++) {
                out->Packets[dir] = InterlockedCompareExchange64(&g_Pkc.Counters.Packets[dir], 0, 0);
                out->Bytes[dir] = InterlockedCompareExchange64(&g_Pkc.Counters.Bytes[dir], 0, 0);
            }
            info = sizeof(PKC_COUNTERS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
PkcUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PKC_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    /* dynamic session: closing the engine deletes filters, callouts, sublayer */
    if (g_Pkc.EngineHandle != NULL) {
        FwpmEngineClose0(g_Pkc.EngineHandle);
        g_Pkc.EngineHandle = NULL;
    }
    PkcUnregisterRuntimeCallouts();

    if (g_Pkc.LinkCreated) {
        IoDeleteSymbolicLink(&linkName);
        g_Pkc.LinkCreated = FALSE;
    }
    if (g_Pkc.DeviceObject != NULL) {
        IoDeleteDevice(g_Pkc.DeviceObject);
        g_Pkc.DeviceObject = NULL;
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PKC_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PKC_LINK_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = PkcUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PkcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PkcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PkcDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pkc.DeviceObject);
    if (!NT_SUCCESS(status)) {
        g_Pkc.DeviceObject = NULL;
        return status;
    }
    g_Pkc.DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Pkc.DeviceObject);
        g_Pkc.DeviceObject = NULL;
        return status;
    }
    g_Pkc.LinkCreated = TRUE;

    status = PkcRegisterWfp(g_Pkc.DeviceObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("pktcount: WFP registration failed 0x%08X\n", status);
        IoDeleteSymbolicLink(&linkName);
        g_Pkc.LinkCreated = FALSE;
        IoDeleteDevice(g_Pkc.DeviceObject);
        g_Pkc.DeviceObject = NULL;
        return status;
    }

    g_Pkc.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
