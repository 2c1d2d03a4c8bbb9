/*
 * wfpcount.c - count inbound IPv4 packets / bytes with a WFP callout
 *
 * Registers one inspection callout at FWPM_LAYER_INBOUND_IPPACKET_V4 and a
 * filter that points at it. Every 10 seconds a timer DPC dumps the numbers to
 * the debugger; \\.\WfpCount answers IOCTL_WFPC_GET_STATS for the GUI.
 *
 * Uses a dynamic BFE session so the filter / callout / sublayer objects go
 * away by themselves when the engine handle is closed.
 */
#define NDIS630 1

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>

#include <initguid.h>

#define WFPC_DEVICE_NAME    L"\\Device\\WfpCount"
#define WFPC_LINK_NAME      L"\\??\\WfpCount"

#define IOCTL_WFPC_GET_STATS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_WFPC_RESET \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _WFPC_STATS {
    LONG64 Packets;
    LONG64 Bytes;
} WFPC_STATS, *PWFPC_STATS;

/* {8E5B2A14-3C77-4F0B-9A61-0D2C4B7E9F31} */
DEFINE_GUID(WFPC_CALLOUT_KEY,
    0x8e5b2a14, 0x3c77, 0x4f0b, 0x9a, 0x61, 0x0d, 0x2c, 0x4b, 0x7e, 0x9f, 0x31);
/* {C2D74E90-61A5-4B3E-8F12-7A9E03B6D554} */
DEFINE_GUID(WFPC_SUBLAYER_KEY,
    0xc2d74e90, 0x61a5, 0x4b3e, 0x8f, 0x12, 0x7a, 0x9e, 0x03, 0xb6, 0xd5, 0x54);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WfpcUnload;
DRIVER_DISPATCH WfpcCreateClose;
DRIVER_DISPATCH WfpcDeviceControl;
KDEFERRED_ROUTINE WfpcStatsDpc;

static PDEVICE_OBJECT g_DeviceObject = NULL;
static HANDLE         g_Engine = NULL;
static UINT32         g_CalloutId = 0;
static UINT64         g_FilterId = 0;
static WFPC_STATS     g_Stats;
static KTIMER         g_StatsTimer;
static KDPC           g_StatsDpc;

/* ------------------------------------------------------------------------ */
/* callout                                                                   */

static void NTAPI
WfpcClassify(const FWPS_INCOMING_VALUES0 *inFixedValues,
             const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
             void *layerData,
             const void *classifyContext,
             const FWPS_FILTER1 *filter,
             UINT64 flowContext,
             FWPS_CLASSIFY_OUT0 *classifyOut)
{
    PNET_BUFFER_LIST nbl = (PNET_BUFFER_LIST)layerData;

    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (nbl != NULL) {
        PNET_BUFFER nb;
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            InterlockedIncrement64(&g_Stats.Packets);
            InterlockedAdd64(&g_Stats.Bytes, NET_BUFFER_DATA_LENGTH(nb));
        }
    }

    /* we only look, never decide */
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
WfpcNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER1 *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

static NTSTATUS
WfpcRegisterCallout(PDEVICE_OBJECT DeviceObject)
{
    NTSTATUS status;
    FWPS_CALLOUT1 sCallout = { 0 };
    FWPM_CALLOUT0 mCallout = { 0 };
    FWPM_SUBLAYER0 subLayer = { 0 };
    FWPM_FILTER0 filter = { 0 };
    FWPM_SESSION0 session = { 0 };

    sCallout.calloutKey = WFPC_CALLOUT_KEY;
    sCallout.classifyFn = WfpcClassify;
    sCallout.notifyFn = WfpcNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister1(DeviceObject, &sCallout, &g_CalloutId);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: FwpsCalloutRegister1 0x%08X\n", status);
        return status;
    }

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Engine);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: FwpmEngineOpen0 0x%08X\n", status);
        goto fail_unregister;
    }

    status = FwpmTransactionBegin0(g_Engine, 0);
    if (!NT_SUCCESS(status)) {
        goto fail_close;
    }

    subLayer.subLayerKey = WFPC_SUBLAYER_KEY;
    subLayer.displayData.name = L"WfpCount sublayer";
    subLayer.displayData.description = L"packet counter";
    subLayer.weight = 0x100;
    status = FwpmSubLayerAdd0(g_Engine, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: FwpmSubLayerAdd0 0x%08X\n", status);
        goto fail_abort;
    }

    mCallout.calloutKey = WFPC_CALLOUT_KEY;
    mCallout.displayData.name = L"WfpCount callout";
    mCallout.displayData.description = L"counts inbound IPv4 packets";
    mCallout.applicableLayer = FWPM_LAYER_INBOUND_IPPACKET_V4;
    status = FwpmCalloutAdd0(g_Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: FwpmCalloutAdd0 0x%08X\n", status);
        goto fail_abort;
    }

    filter.displayData.name = L"WfpCount filter";
    filter.displayData.description = L"send everything to the counter";
    filter.layerKey = FWPM_LAYER_INBOUND_IPPACKET_V4;
    filter.subLayerKey = WFPC_SUBLAYER_KEY;
    filter.weight.type = FWP_EMPTY;          /* auto weight */
    filter.numFilterConditions = 0;          /* match all */
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = WFPC_CALLOUT_KEY;
    status = FwpmFilterAdd0(g_Engine, &filter, NULL, &g_FilterId);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: FwpmFilterAdd0 0x%08X\n", status);
        goto fail_abort;
    }

    status = FwpmTransactionCommit0(g_Engine);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: commit 0x%08X\n", status);
        goto fail_close;
    }

    return STATUS_SUCCESS;

fail_abort:
    FwpmTransactionAbort0(g_Engine);
fail_close:
    FwpmEngineClose0(g_Engine);
    g_Engine = NULL;
    return status;

fail_unregister:
    FwpsCalloutUnregisterById0(g_CalloutId);
    g_CalloutId = 0;
    return status;
}

/* ------------------------------------------------------------------------ */

VOID
WfpcStatsDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    DbgPrint("wfpcount: %I64d packets, %I64d bytes\n", g_Stats.Packets, g_Stats.Bytes);
}

NTSTATUS
WfpcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
WfpcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WFPC_GET_STATS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(WFPC_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PWFPC_STATS out = (PWFPC_STATS)Irp->AssociatedIrp.SystemBuffer;
            out->Packets = InterlockedCompareExchange64(&g_Stats.Packets, 0, 0);
            out->Bytes = InterlockedCompareExchange64(&g_Stats.Bytes, 0, 0);
            info = sizeof(WFPC_STATS);
            status = STATUS_SUCCESS;
        }
        break;

    case IOCTL_WFPC_RESET:
        InterlockedExchange64(&g_Stats.Packets, 0);
        InterlockedExchange64(&g_Stats.Bytes, 0);
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
WfpcUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(DriverObject);

    KeCancelTimer(&g_StatsTimer);
    KeFlushQueuedDpcs();

    RtlInitUnicodeString(&linkName, WFPC_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_DeviceObject);

    if (g_Engine != NULL) {
        /* dynamic session: closing removes filter, callout and sublayer */
        FwpmEngineClose0(g_Engine);
        g_Engine = NULL;
    }
    FwpsCalloutUnregisterById0(g_CalloutId);

    DbgPrint("wfpcount: unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Stats, sizeof(g_Stats));

    /* stats dump every 10s */
    KeInitializeTimerEx(&g_StatsTimer, NotificationTimer);
    KeInitializeDpc(&g_StatsDpc, WfpcStatsDpc, NULL);
    due.QuadPart = -10LL * 1000 * 1000 * 10;
    KeSetTimerEx(&g_StatsTimer, due, 10 * 1000, &g_StatsDpc);

    RtlInitUnicodeString(&devName, WFPC_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: IoCreateDevice 0x%08X\n", status);
        return status;
    }

    status = WfpcRegisterCallout(g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_DeviceObject);
        return status;
    }

    RtlInitUnicodeString(&linkName, WFPC_LINK_NAME);
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpcount: IoCreateSymbolicLink 0x%08X\n", status);
        FwpmEngineClose0(g_Engine);
        FwpsCalloutUnregisterById0(g_CalloutId);
        IoDeleteDevice(g_DeviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = WfpcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WfpcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WfpcDeviceControl;
    DriverObject->DriverUnload = WfpcUnload;

    g_DeviceObject->Flags |= DO_BUFFERED_IO;
    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}
