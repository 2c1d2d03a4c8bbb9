/*
 * usbnic.c - NDIS 6.20 miniport for the UN-100 USB 2.0 Fast Ethernet
 * dongle. The USB side uses KMDF's USB target objects, so the driver is a
 * KMDF client *and* an NDIS miniport: NDIS owns the dispatch table (hence
 * WdfDriverInitNoDispatchOverride) and KMDF provides the I/O targets.
 */

#include <ntddk.h>
#include <wdf.h>
#include <ndis.h>

#define USBNIC_TAG 'NbsU'

typedef struct _USBNIC_GLOBALS {
    WDFDRIVER   WdfDriver;
    NDIS_HANDLE NdisDriverHandle;
} USBNIC_GLOBALS;

static USBNIC_GLOBALS UsbNicGlobals;

DRIVER_INITIALIZE DriverEntry;

MINIPORT_INITIALIZE  UsbNicInitializeEx;
MINIPORT_HALT        UsbNicHaltEx;
MINIPORT_UNLOAD      UsbNicUnload;
MINIPORT_PAUSE       UsbNicPause;
MINIPORT_RESTART     UsbNicRestart;
MINIPORT_OID_REQUEST UsbNicOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS   UsbNicSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS UsbNicReturnNetBufferLists;
MINIPORT_CANCEL_SEND             UsbNicCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY UsbNicDevicePnpEventNotify;
MINIPORT_SHUTDOWN                UsbNicShutdownEx;
MINIPORT_CANCEL_OID_REQUEST      UsbNicCancelOidRequest;

static NDIS_STATUS UsbNicRegisterMiniport(_In_ PDRIVER_OBJECT DriverObject,
                                          _In_ PUNICODE_STRING RegistryPath);

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_INIT_FUNCTION(UsbNicRegisterMiniport)

NTSTATUS
DriverEntry(                                                // expect-entry: kmdf, ndis-miniport
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    /*
     * KMDF first, as a miniport-style client: no EvtDriverDeviceAdd, and
     * the framework must leave the driver object's dispatch table to NDIS.
     */
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNoDispatchOverride;
    config.DriverPoolTag    = USBNIC_TAG;

    /* No EvtDriverDeviceAdd: NDIS, not the framework, handles PnP for a miniport. */
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &UsbNicGlobals.WdfDriver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = UsbNicRegisterMiniport(DriverObject, RegistryPath);
    if (status != NDIS_STATUS_SUCCESS) {
        /* NDIS will never call UsbNicUnload: release KMDF here. */
        WdfDriverMiniportUnload(UsbNicGlobals.WdfDriver);
        return status;
    }

    return STATUS_SUCCESS;
}

static NDIS_STATUS
UsbNicRegisterMiniport(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion   = 6;
    chars.MinorNdisVersion   = 20;
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 7;

    chars.InitializeHandlerEx         = UsbNicInitializeEx;
    chars.HaltHandlerEx               = UsbNicHaltEx;
    chars.UnloadHandler               = UsbNicUnload;
    chars.PauseHandler                = UsbNicPause;
    chars.RestartHandler              = UsbNicRestart;
    chars.OidRequestHandler           = UsbNicOidRequest;
    chars.SendNetBufferListsHandler   = UsbNicSendNetBufferLists;
    chars.ReturnNetBufferListsHandler = UsbNicReturnNetBufferLists;
    chars.CancelSendHandler           = UsbNicCancelSend;
    chars.DevicePnPEventNotifyHandler = UsbNicDevicePnpEventNotify;
    chars.ShutdownHandlerEx           = UsbNicShutdownEx;
    chars.CancelOidRequestHandler     = UsbNicCancelOidRequest;

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, &UsbNicGlobals,
                                       &chars, &UsbNicGlobals.NdisDriverHandle);
}

/* MiniportDriverUnload: NDIS owns DriverUnload, so KMDF is released here. */
VOID
UsbNicUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    NdisMDeregisterMiniportDriver(UsbNicGlobals.NdisDriverHandle);
    WdfDriverMiniportUnload(UsbNicGlobals.WdfDriver);
}

NDIS_STATUS
UsbNicInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
                   PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    UNREFERENCED_PARAMETER(NdisMiniportHandle);
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    /*
     * Adapter bring-up (WdfDeviceMiniportCreate, USB pipe configuration,
     * NdisMSetMiniportAttributes) is in usbio.c of the full driver; this
     * excerpt keeps only the entry points and fails initialization.
     */
    return NDIS_STATUS_ADAPTER_NOT_FOUND;
}

VOID UsbNicHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}

NDIS_STATUS UsbNicPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS UsbNicRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS UsbNicOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID UsbNicSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                              NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

VOID UsbNicReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                                ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID UsbNicCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

VOID UsbNicDevicePnpEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID UsbNicShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID UsbNicCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
