/*
 * pktcount.sys - counts inbound IPv4 transport packets with a WFP callout.
 * Registers everything inside one BFE transaction so a failure leaves nothing.
 */
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#define INITGUID
#include <guiddef.h>

// {0D9C3B10-7E45-4F1A-A2C3-55E1B0F4D701}
DEFINE_GUID(PC_CALLOUT_GUID, 0x0d9c3b10, 0x7e45, 0x4f1a, 0xa2, 0xc3, 0x55, 0xe1, 0xb0, 0xf4, 0xd7, 0x01);
// {0D9C3B11-7E45-4F1A-A2C3-55E1B0F4D701}
DEFINE_GUID(PC_SUBLAYER_GUID, 0x0d9c3b11, 0x7e45, 0x4f1a, 0xa2, 0xc3, 0x55, 0xe1, 0xb0, 0xf4, 0xd7, 0x01);

static PDEVICE_OBJECT g_DeviceObject;
static HANDLE g_EngineHandle;
static UINT32 g_RuntimeCalloutId;
static volatile LONG64 g_Packets;

static VOID NTAPI PcClassify(const FWPS_INCOMING_VALUES0* values, const FWPS_INCOMING_METADATA_VALUES0* meta,
                             void* data, const void* classifyCtx, const FWPS_FILTER3* filter,
                             UINT64 flowCtx, FWPS_CLASSIFY_OUT0* out)
{
    UNREFERENCED_PARAMETER(values); UNREFERENCED_PARAMETER(meta); UNREFERENCED_PARAMETER(data);
    UNREFERENCED_PARAMETER(classifyCtx); UNREFERENCED_PARAMETER(filter); UNREFERENCED_PARAMETER(flowCtx);
    InterlockedIncrement64(&g_Packets);
    if (out->rights & FWPS_RIGHT_ACTION_WRITE)
        out->actionType = FWP_ACTION_CONTINUE;
}

static NTSTATUS NTAPI PcNotify(FWPS_CALLOUT_NOTIFY_TYPE t, const GUID* k, FWPS_FILTER3* f)
{
    UNREFERENCED_PARAMETER(t); UNREFERENCED_PARAMETER(k); UNREFERENCED_PARAMETER(f);
    return STATUS_SUCCESS;
}

static NTSTATUS PcAddManagementObjects(HANDLE engine)
{
    NTSTATUS status;
    FWPM_SUBLAYER0 sublayer = { 0 };
    FWPM_CALLOUT0 callout = { 0 };
    FWPM_FILTER0 filter = { 0 };

    sublayer.subLayerKey = PC_SUBLAYER_GUID;
    sublayer.displayData.name = L"pktcount";
    status = FwpmSubLayerAdd0(engine, &sublayer, NULL);
    if (!NT_SUCCESS(status))
        return status;

    callout.calloutKey = PC_CALLOUT_GUID;
    callout.displayData.name = L"pktcount callout";
    callout.applicableLayer = FWPM_LAYER_INBOUND_TRANSPORT_V4;
    status = FwpmCalloutAdd0(engine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status))
        return status;

    filter.layerKey = FWPM_LAYER_INBOUND_TRANSPORT_V4;
    filter.subLayerKey = PC_SUBLAYER_GUID;
    filter.displayData.name = L"pktcount filter";
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = PC_CALLOUT_GUID;
    filter.weight.type = FWP_EMPTY;
    return FwpmFilterAdd0(engine, &filter, NULL, NULL);
}

static VOID PcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    // session is dynamic: closing the engine removes sublayer, callout and filter
    FwpmEngineClose0(g_EngineHandle);
    FwpsCalloutUnregisterById0(g_RuntimeCalloutId);
    IoDeleteDevice(g_DeviceObject);
    DbgPrint("pktcount: %I64d packets seen\n", g_Packets);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    FWPM_SESSION0 session = { 0 };
    FWPS_CALLOUT3 callout = { 0 };
    BOOLEAN calloutRegistered = FALSE, inTransaction = FALSE;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status))
        return status;

    callout.calloutKey = PC_CALLOUT_GUID;
    callout.classifyFn = PcClassify;
    callout.notifyFn = PcNotify;
    status = FwpsCalloutRegister3(g_DeviceObject, &callout, &g_RuntimeCalloutId);
    if (!NT_SUCCESS(status))
        goto Exit;
    calloutRegistered = TRUE;

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_EngineHandle);
    if (!NT_SUCCESS(status))
        goto Exit;

    status = FwpmTransactionBegin0(g_EngineHandle, 0);
    if (!NT_SUCCESS(status))
        goto Exit;
    inTransaction = TRUE;

    status = PcAddManagementObjects(g_EngineHandle);
    if (!NT_SUCCESS(status))
        goto Exit;

    status = FwpmTransactionCommit0(g_EngineHandle);
    if (!NT_SUCCESS(status))
        goto Exit;
    inTransaction = FALSE;

    DriverObject->DriverUnload = PcUnload;

Exit:
    if (!NT_SUCCESS(status)) {
        DbgPrint("pktcount: init failed 0x%08X\n", status);
        if (inTransaction)
            FwpmTransactionAbort0(g_EngineHandle);
        if (g_EngineHandle) {
            FwpmEngineClose0(g_EngineHandle);
            g_EngineHandle = NULL;
        }
        if (calloutRegistered)
            FwpsCalloutUnregisterById0(g_RuntimeCalloutId);
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }
    return status;
}
