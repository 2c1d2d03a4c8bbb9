/*
 * wfpblock.c - WFP callout driver that blocks outbound IPv4 connections
 * to one remote TCP/UDP port (4444 by default, meterpreter's favourite).
 *
 * The port can be changed with the DWORD value "BlockedPort" under the
 * service key. Learned from the MS "inspect" sample and a couple of blogs.
 */
#define NDIS630
#include <ntddk.h>
#include <wdm.h>
#include <ndis.h>

#pragma warning(push)
#pragma warning(disable:4201)       // nameless struct/union in fwpsk.h
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define INITGUID
#include <guiddef.h>
#include "wfpblock.h"

PDEVICE_OBJECT  g_DeviceObject = NULL;
HANDLE          g_EngineHandle = NULL;
UINT32          g_CalloutId = 0;        // runtime id (FwpsCalloutRegister)
UINT32          g_MgmtCalloutId = 0;    // BFE id (FwpmCalloutAdd)
UINT64          g_FilterId = 0;
UINT16          g_BlockedPort = WB_DEFAULT_PORT;
volatile LONG   g_BlockCount = 0;

static VOID
WbReadConfig(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    HANDLE hKey = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"BlockedPort");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);

    status = ZwOpenKey(&hKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return;
    }

    status = ZwQueryValueKey(hKey, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        ULONG port = *(PULONG)info->Data;
        if (port > 0 && port <= 0xFFFF) {
            g_BlockedPort = (UINT16)port;
        }
    }

    ZwClose(hKey);
}

void NTAPI
WbClassify(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER1* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    )
{
    UINT16 remotePort;
    UINT32 remoteAddr;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(flowContext);

    // someone above us already decided
    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    remotePort = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    remoteAddr = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;

    if (remotePort == g_BlockedPort) {
        classifyOut->actionType = FWP_ACTION_BLOCK;
        if (filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
            classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        }
        InterlockedIncrement(&g_BlockCount);
        DbgPrint("wfpblock: blocked connect to %u.%u.%u.%u:%u\n",
                 (remoteAddr >> 24) & 0xFF, (remoteAddr >> 16) & 0xFF,
                 (remoteAddr >> 8) & 0xFF, remoteAddr & 0xFF, remotePort);
    } else {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

NTSTATUS NTAPI
WbNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER1* filter
    )
{
    UNREFERENCED_PARAMETER(filterKey);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        DbgPrint("wfpblock: filter %I64u attached\n", filter->filterId);
    } else if (notifyType == FWPS_CALLOUT_NOTIFY_DELETE_FILTER) {
        DbgPrint("wfpblock: filter %I64u detached\n", filter->filterId);
    }
    return STATUS_SUCCESS;
}

void NTAPI
WbFlowDelete(
    _In_ UINT16 layerId,
    _In_ UINT32 calloutId,
    _In_ UINT64 flowContext
    )
{
    UNREFERENCED_PARAMETER(layerId);
    UNREFERENCED_PARAMETER(calloutId);
    UNREFERENCED_PARAMETER(flowContext);
}

static NTSTATUS
WbAddManagementObjects(VOID)
{
    NTSTATUS status;
    FWPM_CALLOUT0 mCallout;
    FWPM_SUBLAYER0 subLayer;
    FWPM_FILTER0 filter;

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = WFPBLOCK_CALLOUT_CONNECT_V4;
    mCallout.displayData.name = L"WfpBlock connect callout";
    mCallout.displayData.description = L"Blocks outbound connections to one port";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    status = FwpmCalloutAdd0(g_EngineHandle, &mCallout, NULL, &g_MgmtCalloutId);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpblock: FwpmCalloutAdd0 0x%08X\n", status);
        return status;
    }

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = WFPBLOCK_SUBLAYER;
    subLayer.displayData.name = L"WfpBlock sublayer";
    subLayer.displayData.description = L"WfpBlock sublayer";
    subLayer.weight = 0x100;

    status = FwpmSubLayerAdd0(g_EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpblock: FwpmSubLayerAdd0 0x%08X\n", status);
        return status;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.displayData.name = L"WfpBlock filter";
    filter.displayData.description = L"Sends IPv4 connects to the WfpBlock callout";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WFPBLOCK_SUBLAYER;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = WFPBLOCK_CALLOUT_CONNECT_V4;

    status = FwpmFilterAdd0(g_EngineHandle, &filter, NULL, &g_FilterId);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpblock: FwpmFilterAdd0 0x%08X\n", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
WbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_EngineHandle != NULL) {
        FwpmFilterDeleteById0(g_EngineHandle, g_FilterId);
        FwpmCalloutDeleteById0(g_EngineHandle, g_MgmtCalloutId);
        FwpmSubLayerDeleteByKey0(g_EngineHandle, &WFPBLOCK_SUBLAYER);
        FwpmEngineClose0(g_EngineHandle);
        g_EngineHandle = NULL;
    }

    FwpsCalloutUnregisterById0(g_CalloutId);
    IoDeleteDevice(g_DeviceObject);

    DbgPrint("wfpblock: unloaded, %ld connections blocked\n", g_BlockCount);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    FWPS_CALLOUT1 sCallout;
    BOOLEAN inTransaction = FALSE;

    WbReadConfig(RegistryPath);
    DbgPrint("wfpblock: blocking remote port %u\n", g_BlockedPort);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WFPBLOCK_CALLOUT_CONNECT_V4;
    sCallout.classifyFn = WbClassify;
    sCallout.notifyFn = WbNotify;
    sCallout.flowDeleteFn = WbFlowDelete;

    status = FwpsCalloutRegister1(g_DeviceObject, &sCallout, &g_CalloutId);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpblock: FwpsCalloutRegister1 0x%08X\n", status);
        IoDeleteDevice(g_DeviceObject);
        return status;
    }

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &g_EngineHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpblock: FwpmEngineOpen0 0x%08X\n", status);
        goto Exit;
    }

    status = FwpmTransactionBegin0(g_EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    inTransaction = TRUE;

    status = WbAddManagementObjects();
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = FwpmTransactionCommit0(g_EngineHandle);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    inTransaction = FALSE;

    DriverObject->DriverUnload = WbUnload;
    return STATUS_SUCCESS;

Exit:
    if (inTransaction) {
        FwpmTransactionAbort0(g_EngineHandle);
    }
    if (g_EngineHandle != NULL) {
        FwpmEngineClose0(g_EngineHandle);
        g_EngineHandle = NULL;
    }
    IoDeleteDevice(g_DeviceObject);
    g_DeviceObject = NULL;
    return status;
}
