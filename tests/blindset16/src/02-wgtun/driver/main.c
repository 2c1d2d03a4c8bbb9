/* SPDX-License-Identifier: GPL-2.0
 *
 * Copyright (C) wgtun contributors. All Rights Reserved.
 */

#include "tun.h"
#include "log.h"

#pragma warning(disable : 4100) /* unreferenced formal parameter */
#pragma warning(disable : 4200) /* nonstandard: zero-sized array in struct/union */

NDIS_HANDLE NdisMiniportDriverHandle;
ULONG NdisVersion;
ERESOURCE TunDispatchCtxGuard;
TUN_SETTINGS TunSettings;
DRIVER_DISPATCH *NdisDispatchDeviceControl, *NdisDispatchClose, *NdisDispatchPnp;

static const TUN_SETTINGS TunDefaultSettings = { .MaxAdapters = 64, .PauseOnSleep = TRUE, .StrictOwnerCheck = TRUE };

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_UNLOAD TunUnload;

#ifdef ALLOC_PRAGMA
#    pragma alloc_text(INIT, DriverEntry)
#    pragma alloc_text(PAGE, TunUnload)
#endif

_IRQL_requires_(PASSIVE_LEVEL)
static NTSTATUS
TunReadDword(_In_ HANDLE Key, _In_z_ PCWSTR Name, _Out_ ULONG *Value)
{
    UNICODE_STRING ValueName;
    RtlInitUnicodeString(&ValueName, Name);
    UCHAR Buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    KEY_VALUE_PARTIAL_INFORMATION *Info = (KEY_VALUE_PARTIAL_INFORMATION *)Buffer;
    ULONG Returned;
    NTSTATUS Status =
        ZwQueryValueKey(Key, &ValueName, KeyValuePartialInformation, Info, sizeof(Buffer), &Returned);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Info->Type != REG_DWORD || Info->DataLength != sizeof(ULONG))
        return STATUS_OBJECT_TYPE_MISMATCH;
    *Value = *(ULONG *)Info->Data;
    return STATUS_SUCCESS;
}

_IRQL_requires_(PASSIVE_LEVEL)
static NTSTATUS
TunReadSettings(_In_ UNICODE_STRING *RegistryPath, _Out_ TUN_SETTINGS *Settings)
{
    *Settings = TunDefaultSettings;

    OBJECT_ATTRIBUTES ObjectAttributes;
    InitializeObjectAttributes(
        &ObjectAttributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    HANDLE Key;
    NTSTATUS Status = ZwOpenKey(&Key, KEY_QUERY_VALUE, &ObjectAttributes);
    if (!NT_SUCCESS(Status))
        return Status;

    ULONG Value;
    if (NT_SUCCESS(TunReadDword(Key, L"MaxAdapters", &Value)) && Value && Value <= 1024)
        Settings->MaxAdapters = Value;
    if (NT_SUCCESS(TunReadDword(Key, L"PauseOnSleep", &Value)))
        Settings->PauseOnSleep = !!Value;
    if (NT_SUCCESS(TunReadDword(Key, L"StrictOwnerCheck", &Value)))
        Settings->StrictOwnerCheck = !!Value;

    ZwClose(Key);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
static VOID
TunUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();

    TunPowerCallbackFini();
    NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
    ExDeleteResourceLite(&TunDispatchCtxGuard);
    LogInfo("unloaded");
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(DRIVER_OBJECT *DriverObject, UNICODE_STRING *RegistryPath)
{
    NTSTATUS Status;

    TRY(Status, TunMemInit(), cleanup);

    NdisVersion = NdisGetVersion();
    if (NdisVersion < NDIS_MINIPORT_VERSION_MIN)
    {
        LogErr("NDIS 0x%x too old", NdisVersion);
        return NDIS_STATUS_UNSUPPORTED_REVISION;
    }
    if (NdisVersion > NDIS_MINIPORT_VERSION_MAX)
        NdisVersion = NDIS_MINIPORT_VERSION_MAX;

    if (!NT_SUCCESS(TunReadSettings(RegistryPath, &TunSettings)))
    {
        LogWarn("no service key parameters, using defaults");
        TunSettings = TunDefaultSettings;
    }

    TRY(Status, ExInitializeResourceLite(&TunDispatchCtxGuard), cleanup);

    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics = {
        .Header = { .Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
                    .Revision = NdisVersion < NDIS_RUNTIME_VERSION_680
                                    ? NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2
                                    : NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3,
                    .Size = NdisVersion < NDIS_RUNTIME_VERSION_680
                                ? NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2
                                : NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 },

        .MajorNdisVersion = (UCHAR)((NdisVersion & 0x00ff0000) >> 16),
        .MinorNdisVersion = (UCHAR)(NdisVersion & 0x000000ff),

        .MajorDriverVersion = WGTUN_VERSION_MAJ,
        .MinorDriverVersion = WGTUN_VERSION_MIN,

        .InitializeHandlerEx = TunInitializeEx,
        .HaltHandlerEx = TunHaltEx,
        .UnloadHandler = TunUnload,
        .PauseHandler = TunPause,
        .RestartHandler = TunRestart,
        .OidRequestHandler = TunOidRequest,
        .SendNetBufferListsHandler = TunSendNetBufferLists,
        .ReturnNetBufferListsHandler = TunReturnNetBufferLists,
        .CancelSendHandler = TunCancelSend,
        .DevicePnPEventNotifyHandler = TunDevicePnPEventNotify,
        .ShutdownHandlerEx = TunShutdownEx,
        .CancelOidRequestHandler = TunCancelOidRequest,
    };
    TRY(Status,
        NdisMRegisterMiniportDriver(
            DriverObject, RegistryPath, NULL, &MiniportDriverCharacteristics, &NdisMiniportDriverHandle),
        cleanupResources);

    NdisDispatchDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
    NdisDispatchClose = DriverObject->MajorFunction[IRP_MJ_CLOSE];
    NdisDispatchPnp = DriverObject->MajorFunction[IRP_MJ_PNP];
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TunDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TunDispatchClose;
    DriverObject->MajorFunction[IRP_MJ_PNP] = TunDispatchPnP;

    if (TunSettings.PauseOnSleep)
        TRY(Status, TunPowerCallbackInit(), cleanupMiniport);

    LogInfo("loaded, NDIS 0x%x, max %u adapters", NdisVersion, TunSettings.MaxAdapters);
    return STATUS_SUCCESS;

cleanupMiniport:
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NdisDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NdisDispatchClose;
    DriverObject->MajorFunction[IRP_MJ_PNP] = NdisDispatchPnp;
    NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
cleanupResources:
    ExDeleteResourceLite(&TunDispatchCtxGuard);
cleanup:
    return Status;
}
