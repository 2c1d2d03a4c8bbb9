/*++

Module Name:

    driver.c

Abstract:

    DriverEntry, unload and the shared teardown for the stream redaction
    callout driver.

Environment:

    Kernel mode

--*/

#define INITGUID
#include <guiddef.h>

#include "wfpstream.h"

WS_GLOBALS WsGlobals;

static VOID WsReadConfiguration(_Inout_ PWS_GLOBALS Globals, _In_ PUNICODE_STRING RegistryPath);
static NTSTATUS WsCreateNblPool(_Inout_ PWS_GLOBALS Globals);
static VOID WsTeardown(_Inout_ PWS_GLOBALS Globals);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, WsReadConfiguration)
#pragma alloc_text(INIT, WsCreateNblPool)
#pragma alloc_text(PAGE, WsTeardown)
#pragma alloc_text(PAGE, WsUnload)
#endif

static VOID
WsReadConfiguration(
    _Inout_ PWS_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Optional REG_SZ "RedactHeader" in the service key overrides the header
    name.  The value is read into a stack buffer through a key handle, so
    nothing is allocated and RegistryPath is not retained.

--*/
{
    NTSTATUS status;
    HANDLE key = NULL;
    OBJECT_ATTRIBUTES oa;
    RTL_QUERY_REGISTRY_TABLE table[2];
    WCHAR valueBuffer[WS_MAX_HEADER];
    UNICODE_STRING value;
    ANSI_STRING ansi;

    RtlCopyMemory(Globals->Header, WS_DEFAULT_HEADER, sizeof(WS_DEFAULT_HEADER));
    Globals->HeaderLength = sizeof(WS_DEFAULT_HEADER) - 1;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);

    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlInitEmptyUnicodeString(&value, valueBuffer, sizeof(valueBuffer));

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK |
                     RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = L"RedactHeader";
    table[0].EntryContext = &value;
    table[0].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)key, table, NULL, NULL);

    ZwClose(key);

    if (!NT_SUCCESS(status) || value.Length == 0) {
        return;
    }

    RtlInitEmptyAnsiString(&ansi, Globals->Header, sizeof(Globals->Header) - 1);
    status = RtlUnicodeStringToAnsiString(&ansi, &value, FALSE);
    if (!NT_SUCCESS(status)) {
        //
        // Too long or not representable: keep the default.
        //
        RtlCopyMemory(Globals->Header, WS_DEFAULT_HEADER, sizeof(WS_DEFAULT_HEADER));
        Globals->HeaderLength = sizeof(WS_DEFAULT_HEADER) - 1;
        return;
    }

    Globals->Header[ansi.Length] = '\0';
    Globals->HeaderLength = ansi.Length;
}

static NTSTATUS
WsCreateNblPool(
    _Inout_ PWS_GLOBALS Globals
    )
{
    NET_BUFFER_LIST_POOL_PARAMETERS params;

    RtlZeroMemory(&params, sizeof(params));
    params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    params.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.fAllocateNetBuffer = TRUE;
    params.PoolTag = WS_TAG_NBL;
    params.DataSize = 0;

    Globals->NblPool = NdisAllocateNetBufferListPool(Globals->NdisObject, &params);

    return (Globals->NblPool != NULL) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static VOID
WsTeardown(
    _Inout_ PWS_GLOBALS Globals
    )
/*++

Routine Description:

    Undoes initialization from the last completed stage down.  Order
    matters: filters go away with the dynamic session before the callout is
    unregistered, and the injection handle (whose destruction waits for
    pending injections) goes before the NBL pool those injections use.

--*/
{
    NTSTATUS status;

    PAGED_CODE();

    switch (Globals->Stage) {

    case WsStageFiltersAdded:
        FwpmEngineClose0(Globals->EngineHandle);
        Globals->EngineHandle = NULL;
        __fallthrough;

    case WsStageCalloutRegistered:
        status = FwpsCalloutUnregisterById0(Globals->CalloutIdV4);
        if (!NT_SUCCESS(status)) {
            //
            // No flow contexts are ever associated, so STATUS_DEVICE_BUSY
            // is not expected here.
            //
            WS_TRACE("FwpsCalloutUnregisterById0 0x%08X", status);
        }
        Globals->CalloutIdV4 = 0;
        __fallthrough;

    case WsStageInjection:
        FwpsInjectionHandleDestroy0(Globals->InjectionHandle);
        Globals->InjectionHandle = NULL;
        __fallthrough;

    case WsStageNblPool:
        NdisFreeNetBufferListPool(Globals->NblPool);
        Globals->NblPool = NULL;
        __fallthrough;

    case WsStageNdisObject:
        NdisFreeGenericObject(Globals->NdisObject);
        Globals->NdisObject = NULL;
        __fallthrough;

    case WsStageDevice:
        IoDeleteDevice(Globals->DeviceObject);
        Globals->DeviceObject = NULL;
        __fallthrough;

    case WsStageNone:
        break;
    }

    Globals->Stage = WsStageNone;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    PWS_GLOBALS g = &WsGlobals;

    RtlZeroMemory(g, sizeof(*g));

    WsReadConfiguration(g, RegistryPath);

    do {
        //
        // Callouts are registered against a device object; this one is
        // never opened, so it needs no name and no dispatch routines.
        //
        status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g->DeviceObject);
        WS_BREAK_IF_FAILED(status, "IoCreateDevice");
        g->Stage = WsStageDevice;

        g->NdisObject = NdisAllocateGenericObject(DriverObject, WS_TAG_NBL, 0);
        if (g->NdisObject == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        }
        WS_BREAK_IF_FAILED(status, "NdisAllocateGenericObject");
        g->Stage = WsStageNdisObject;

        status = WsCreateNblPool(g);
        WS_BREAK_IF_FAILED(status, "NdisAllocateNetBufferListPool");
        g->Stage = WsStageNblPool;

        status = FwpsInjectionHandleCreate0(AF_UNSPEC, FWPS_INJECTION_TYPE_STREAM,
                                           &g->InjectionHandle);
        WS_BREAK_IF_FAILED(status, "FwpsInjectionHandleCreate0");
        g->Stage = WsStageInjection;

        status = WsRegisterCallout(g);
        WS_BREAK_IF_FAILED(status, "WsRegisterCallout");
        g->Stage = WsStageCalloutRegistered;

        //
        // All-or-nothing: on failure WsAddFilters aborts its transaction
        // and closes the engine itself.
        //
        status = WsAddFilters(g);
        WS_BREAK_IF_FAILED(status, "WsAddFilters");
        g->Stage = WsStageFiltersAdded;

    } while (0);

    if (!NT_SUCCESS(status)) {
        WsTeardown(g);
        return status;
    }

    DriverObject->DriverUnload = WsUnload;

    ClearFlag(g->DeviceObject->Flags, DO_DEVICE_INITIALIZING);

    WS_TRACE("loaded, redacting \"%s\"", g->Header);
    return STATUS_SUCCESS;
}

VOID
WsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    WS_TRACE("unloading: inspected %ld, redacted %ld, inject failures %ld",
             WsGlobals.Inspected, WsGlobals.Redacted, WsGlobals.InjectFailures);

    WsTeardown(&WsGlobals);
}
