/*
 * wdileft.c - driver entry and unload of the "wdiwlan" 802.11ac WDI
 * miniport, in the version whose unload handler stopped unregistering the
 * ETW provider ("the tracing session goes away with the driver").
 *
 * BUG (DE011): the provider registered in DriverEntry stays registered with
 * its enable callback in the unloaded image; MiniportDriverUnload, named in
 * the NDIS characteristics handed to NdisMRegisterWdiMiniportDriver, is
 * where it must be unregistered.
 */

#include <ntddk.h>
#include <wdf.h>
#include <ndis.h>
#include <dot11wdi.h>

#define WLAN_POOL_TAG 'nlWW'

typedef struct _WLAN_GLOBALS {
    WDFDRIVER   WdfDriver;
    NDIS_HANDLE NdisDriverHandle;
    REGHANDLE   EtwHandle;
} WLAN_GLOBALS;

static WLAN_GLOBALS WlanGlobals;

/* {5A1D2C3E-81B4-4F0C-9E21-3D770A146BC2} */
static const GUID WlanProviderGuid =
    { 0x5a1d2c3e, 0x81b4, 0x4f0c, { 0x9e, 0x21, 0x3d, 0x77, 0x0a, 0x14, 0x6b, 0xc2 } };

DRIVER_INITIALIZE DriverEntry;
MINIPORT_UNLOAD   WlanDriverUnload;
MINIPORT_OID_REQUEST WlanOidRequest;
MINIPORT_WDI_ALLOCATE_ADAPTER WlanAllocateAdapter;
MINIPORT_WDI_FREE_ADAPTER     WlanFreeAdapter;

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(WlanDriverUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                                // expect-entry: kmdf, ndis-miniport
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mpChars;
    NDIS_MINIPORT_DRIVER_WDI_CHARACTERISTICS wdiChars;
    NTSTATUS status;

    status = EtwRegister(&WlanProviderGuid, NULL, NULL, &WlanGlobals.EtwHandle);   // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNoDispatchOverride;
    config.DriverPoolTag    = WLAN_POOL_TAG;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &WlanGlobals.WdfDriver);
    if (!NT_SUCCESS(status)) {
        EtwUnregister(WlanGlobals.EtwHandle);
        return status;
    }

    /* WDI takes the data and control paths; NDIS needs only the unload handler here. */
    NdisZeroMemory(&mpChars, sizeof(mpChars));
    mpChars.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mpChars.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mpChars.Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mpChars.MajorNdisVersion = 6;
    mpChars.MinorNdisVersion = 50;
    mpChars.UnloadHandler    = WlanDriverUnload;
    mpChars.OidRequestHandler = WlanOidRequest;

    NdisZeroMemory(&wdiChars, sizeof(wdiChars));
    wdiChars.AllocateAdapterHandler = WlanAllocateAdapter;
    wdiChars.FreeAdapterHandler     = WlanFreeAdapter;

    status = NdisMRegisterWdiMiniportDriver(DriverObject, RegistryPath, &WlanGlobals,
                                            &mpChars, &wdiChars,
                                            &WlanGlobals.NdisDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        /* NDIS will never call WlanDriverUnload: undo KMDF and tracing here. */
        WdfDriverMiniportUnload(WlanGlobals.WdfDriver);
        EtwUnregister(WlanGlobals.EtwHandle);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
WlanOidRequest(
    NDIS_HANDLE       MiniportAdapterContext,
    PNDIS_OID_REQUEST OidRequest
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID
WlanDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    NdisMDeregisterWdiMiniportDriver(WlanGlobals.NdisDriverHandle);
    WdfDriverMiniportUnload(WlanGlobals.WdfDriver);
}
