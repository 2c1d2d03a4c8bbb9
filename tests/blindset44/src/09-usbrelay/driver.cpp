// driver.cpp - DriverEntry and driver object callbacks, RB-8 relay board
// Copyright (c) 2023 Ostrava Relay Works

extern "C" {
#include <ntddk.h>
}
#include <initguid.h>
#include "rb8.h"
#include "driver.tmh"

using namespace Rb8;

PWCHAR  CDriverGlobals::s_pwszBoardName = nullptr;
ULONG   CDriverGlobals::s_ulDeviceCount = 0;

static EVT_WDF_DRIVER_UNLOAD          Rb8EvtDriverUnload;
static EVT_WDF_OBJECT_CONTEXT_CLEANUP Rb8EvtDriverContextCleanup;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static
VOID
Rb8ReadBoardName(_In_ PUNICODE_STRING pRegistryPath, _Out_writes_(RB8_NAME_CCH) PWCHAR pwszName)
{
    RTL_QUERY_REGISTRY_TABLE    astTable[2];
    UNICODE_STRING              ustrName;
    NTSTATUS                    ntStatus;

    RtlInitEmptyUnicodeString(&ustrName, pwszName, (RB8_NAME_CCH - 1) * sizeof(WCHAR));
    RtlZeroMemory(astTable, sizeof(astTable));
    astTable[0].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_NOEXPAND |
                               RTL_QUERY_REGISTRY_TYPECHECK;
    astTable[0].Name         = const_cast<PWSTR>(L"BoardName");
    astTable[0].EntryContext = &ustrName;
    astTable[0].DefaultType  = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    ntStatus = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                      pRegistryPath->Buffer, astTable, nullptr, nullptr);
    if (!NT_SUCCESS(ntStatus) || ustrName.Length == 0) {
        RtlZeroMemory(pwszName, RB8_NAME_CCH * sizeof(WCHAR));
        RtlCopyMemory(pwszName, L"RB-8 Relay Board", sizeof(L"RB-8 Relay Board"));
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    NTSTATUS                ntStatus;
    WDF_DRIVER_CONFIG       stConfig;
    WDF_OBJECT_ATTRIBUTES   stAttr;

    WPP_INIT_TRACING(pDriverObject, pRegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! entry");

    //
    // Name buffer is needed before any device shows up; read it while the
    // registry path is still valid and keep our own copy.
    //
    CPoolPtr<WCHAR> spName(static_cast<PWCHAR>(
        ExAllocatePool2(POOL_FLAG_PAGED, RB8_NAME_CCH * sizeof(WCHAR), RB8_TAG)));
    if (!spName) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "name buffer allocation failed");
        WPP_CLEANUP(pDriverObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Rb8ReadBoardName(pRegistryPath, spName.Get());

    WDF_OBJECT_ATTRIBUTES_INIT(&stAttr);
    stAttr.EvtCleanupCallback = Rb8EvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&stConfig, &CRelayDevice::EvtDeviceAdd);
    stConfig.EvtDriverUnload = Rb8EvtDriverUnload;
    stConfig.DriverPoolTag   = RB8_TAG;

    ntStatus = WdfDriverCreate(pDriverObject, pRegistryPath, &stAttr, &stConfig, WDF_NO_HANDLE);
    if (!NT_SUCCESS(ntStatus)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", ntStatus);
        //
        // The cleanup callback never runs when WdfDriverCreate fails, so
        // stop tracing here; spName frees the name buffer on return.
        //
        WPP_CLEANUP(pDriverObject);
        return ntStatus;
    }

    CDriverGlobals::s_pwszBoardName = spName.Detach();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "board name '%ws'",
                CDriverGlobals::s_pwszBoardName);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
static
VOID
Rb8EvtDriverUnload(WDFDRIVER hDriver)
{
    UNREFERENCED_PARAMETER(hDriver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "unload, %u boards served",
                CDriverGlobals::s_ulDeviceCount);

    if (CDriverGlobals::s_pwszBoardName != nullptr) {
        ExFreePoolWithTag(CDriverGlobals::s_pwszBoardName, RB8_TAG);
        CDriverGlobals::s_pwszBoardName = nullptr;
    }
}

_Use_decl_annotations_
static
VOID
Rb8EvtDriverContextCleanup(WDFOBJECT hDriverObject)
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(static_cast<WDFDRIVER>(hDriverObject)));
}
