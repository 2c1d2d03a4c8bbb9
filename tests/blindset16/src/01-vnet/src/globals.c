/*
 * globals.c - Driver-wide state: parameters read from the service key, the software
 * switch port table, and the receive control block lookaside list.
 *
 * Copyright (c) VNet Project Authors. All rights reserved.
 */

#include "vnet.h"
#include "trace.h"
#include "globals.tmh"

VNET_GLOBALS  VnetGlobalData;
PVNET_GLOBALS g_Vnet = &VnetGlobalData;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VnetGlobalsInitialize)
#pragma alloc_text(PAGE, VnetGlobalsCleanup)
#endif

typedef struct _VNET_PARAM_DESC {
    PCWSTR  Name;
    ULONG   Offset;
    ULONG   Size;
    ULONG   Default;
    ULONG   Min;
    ULONG   Max;
} VNET_PARAM_DESC;

static const VNET_PARAM_DESC VnetParamTable[] = {
    { L"MaxPorts",        FIELD_OFFSET(VNET_DRIVER_PARAMS, MaxPorts),   sizeof(ULONG),   8,    1,   VNET_MAX_PORTS },
    { L"ReceiveDepth",    FIELD_OFFSET(VNET_DRIVER_PARAMS, RcbDepth),   sizeof(ULONG),   64,   8,   VNET_MAX_RCB_DEPTH },
    { L"DefaultMtu",      FIELD_OFFSET(VNET_DRIVER_PARAMS, DefaultMtu), sizeof(ULONG),   VNET_DEFAULT_MTU, 576, VNET_DEFAULT_MTU },
    { L"LoopbackSelf",    FIELD_OFFSET(VNET_DRIVER_PARAMS, LoopbackSelf), sizeof(BOOLEAN), 0,  0,   1 },
    { L"FloodUnknown",    FIELD_OFFSET(VNET_DRIVER_PARAMS, ForwardUnknownUnicast), sizeof(BOOLEAN), 1, 0, 1 },
};

static
VOID
VnetStoreParam(
    _Inout_ PVNET_DRIVER_PARAMS Params,
    _In_ const VNET_PARAM_DESC *Desc,
    _In_ ULONG Value
    )
{
    PUCHAR field = (PUCHAR)Params + Desc->Offset;

    if (Value < Desc->Min || Value > Desc->Max) {
        VnetTraceInfo(TRACE_CONFIG, "%ws=%u out of range, using %u",
                      Desc->Name, Value, Desc->Default);
        Value = Desc->Default;
    }

    if (Desc->Size == sizeof(BOOLEAN)) {
        *(PBOOLEAN)field = (BOOLEAN)(Value != 0);
    } else {
        *(PULONG)field = Value;
    }
}

static
NTSTATUS
VnetQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    )
{
    NTSTATUS        status;
    UNICODE_STRING  valueName;
    UCHAR           buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG           resultLength;

    RtlInitUnicodeString(&valueName, Name);

    status = ZwQueryValueKey(Key,
                             &valueName,
                             KeyValuePartialInformation,
                             info,
                             sizeof(buffer),
                             &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

static
NTSTATUS
VnetReadDriverParameters(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PVNET_DRIVER_PARAMS Params
    )
{
    NTSTATUS            status;
    OBJECT_ATTRIBUTES   oa;
    HANDLE              serviceKey = NULL;
    HANDLE              paramsKey = NULL;
    UNICODE_STRING      paramsName = RTL_CONSTANT_STRING(L"Parameters");
    ULONG               i;
    ULONG               value;

    for (i = 0; i < RTL_NUMBER_OF(VnetParamTable); i++) {
        VnetStoreParam(Params, &VnetParamTable[i], VnetParamTable[i].Default);
    }

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        VnetTraceError(TRACE_CONFIG, "ZwOpenKey(service) %!STATUS!", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &paramsName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        //
        // No Parameters subkey: defaults stand.
        //
        ZwClose(serviceKey);
        return STATUS_SUCCESS;
    }

    for (i = 0; i < RTL_NUMBER_OF(VnetParamTable); i++) {
        if (NT_SUCCESS(VnetQueryDword(paramsKey, VnetParamTable[i].Name, &value))) {
            VnetStoreParam(Params, &VnetParamTable[i], value);
        }
    }

    ZwClose(paramsKey);
    ZwClose(serviceKey);
    return STATUS_SUCCESS;
}

static
NDIS_STATUS
VnetAllocatePortTable(
    _Inout_ PVNET_GLOBALS Globals
    )
{
    SIZE_T bytes = (SIZE_T)Globals->Params.MaxPorts * sizeof(PVNET_ADAPTER);

    Globals->PortTable = ExAllocatePoolWithTag(NonPagedPoolNx, bytes, VNET_TAG_PORTS);
    if (Globals->PortTable == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    RtlZeroMemory(Globals->PortTable, bytes);
    Globals->PortTableSize = Globals->Params.MaxPorts;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
VnetGlobalsInitialize(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS    status;
    NDIS_STATUS ndisStatus;

    NdisZeroMemory(g_Vnet, sizeof(*g_Vnet));
    g_Vnet->DriverObject = DriverObject;

    NdisAllocateSpinLock(&g_Vnet->AdapterListLock);
    InitializeListHead(&g_Vnet->AdapterList);
    g_Vnet->Flags |= VNET_GF_LIST_LOCK;

    status = VnetReadDriverParameters(RegistryPath, &g_Vnet->Params);
    if (!NT_SUCCESS(status)) {
        //
        // The service key itself could not be opened; the install is broken.
        //
        return NDIS_STATUS_FAILURE;
    }
    g_Vnet->Flags |= VNET_GF_PARAMS;

    ExInitializeNPagedLookasideList(&g_Vnet->RcbLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(VNET_RCB),
                                    VNET_TAG_RCB,
                                    0);
    g_Vnet->Flags |= VNET_GF_RCB_LOOKASIDE;

    ndisStatus = VnetAllocatePortTable(g_Vnet);
    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        return ndisStatus;
    }
    g_Vnet->Flags |= VNET_GF_PORT_TABLE;

    VnetTraceInfo(TRACE_CONFIG, "ports=%u rcb=%u mtu=%u",
                  g_Vnet->Params.MaxPorts, g_Vnet->Params.RcbDepth,
                  g_Vnet->Params.DefaultMtu);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VnetGlobalsCleanup(
    VOID
    )
{
    PAGED_CODE();

    if (g_Vnet->Flags & VNET_GF_PORT_TABLE) {
        ExFreePoolWithTag(g_Vnet->PortTable, VNET_TAG_PORTS);
        g_Vnet->PortTable = NULL;
        g_Vnet->PortTableSize = 0;
        g_Vnet->Flags &= ~VNET_GF_PORT_TABLE;
    }

    if (g_Vnet->Flags & VNET_GF_RCB_LOOKASIDE) {
        ExDeleteNPagedLookasideList(&g_Vnet->RcbLookaside);
        g_Vnet->Flags &= ~VNET_GF_RCB_LOOKASIDE;
    }

    g_Vnet->Flags &= ~VNET_GF_PARAMS;

    if (g_Vnet->Flags & VNET_GF_LIST_LOCK) {
        NT_ASSERT(IsListEmpty(&g_Vnet->AdapterList));
        NdisFreeSpinLock(&g_Vnet->AdapterListLock);
        g_Vnet->Flags &= ~VNET_GF_LIST_LOCK;
    }
}

_Use_decl_annotations_
NDIS_STATUS
VnetPortTableInsert(
    PVNET_ADAPTER Adapter
    )
{
    ULONG       i;
    NDIS_STATUS status = NDIS_STATUS_RESOURCES;

    NdisAcquireSpinLock(&g_Vnet->AdapterListLock);

    for (i = 0; i < g_Vnet->PortTableSize; i++) {
        if (g_Vnet->PortTable[i] == NULL) {
            g_Vnet->PortTable[i] = Adapter;
            Adapter->PortIndex = i;
            InsertTailList(&g_Vnet->AdapterList, &Adapter->GlobalLink);
            g_Vnet->AdapterCount++;
            status = NDIS_STATUS_SUCCESS;
            break;
        }
    }

    NdisReleaseSpinLock(&g_Vnet->AdapterListLock);
    return status;
}

_Use_decl_annotations_
VOID
VnetPortTableRemove(
    PVNET_ADAPTER Adapter
    )
{
    NdisAcquireSpinLock(&g_Vnet->AdapterListLock);

    if (Adapter->PortIndex < g_Vnet->PortTableSize &&
        g_Vnet->PortTable[Adapter->PortIndex] == Adapter) {
        g_Vnet->PortTable[Adapter->PortIndex] = NULL;
        RemoveEntryList(&Adapter->GlobalLink);
        InitializeListHead(&Adapter->GlobalLink);
        g_Vnet->AdapterCount--;
    }

    NdisReleaseSpinLock(&g_Vnet->AdapterListLock);
}
