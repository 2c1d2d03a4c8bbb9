/*
 * wdichars.c - driver entry and unload of the "wdiwlan" 802.11ac WDI
 * miniport, in a version whose NDIS characteristics were trimmed by hand
 * ("WDI handles the control path, so NDIS needs nothing but unload").
 *
 * BUG (NDIS001, NDIS002): the header size is a literal, not the size of the
 * revision named, and MiniportOidRequest is missing: the WDI model requires
 * it of the NDIS characteristics handed to NdisMRegisterWdiMiniportDriver,
 * because WDI messages reach the driver through it.
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

    status = EtwRegister(&WlanProviderGuid, NULL, NULL, &WlanGlobals.EtwHandle);
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

    /* WDI takes the data and control paths; NDIS needs only unload here. */
    NdisZeroMemory(&mpChars, sizeof(mpChars));
    mpChars.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mpChars.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mpChars.Header.Size      = 0x70;
    mpChars.MajorNdisVersion = 6;
    mpChars.MinorNdisVersion = 50;
    mpChars.UnloadHandler    = WlanDriverUnload;

    NdisZeroMemory(&wdiChars, sizeof(wdiChars));
    wdiChars.AllocateAdapterHandler = WlanAllocateAdapter;
    wdiChars.FreeAdapterHandler     = WlanFreeAdapter;

    status = NdisMRegisterWdiMiniportDriver(DriverObject, RegistryPath, &WlanGlobals,   // expect: NDIS001, NDIS002
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
VOID
WlanDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    NdisMDeregisterWdiMiniportDriver(WlanGlobals.NdisDriverHandle);
    WdfDriverMiniportUnload(WlanGlobals.WdfDriver);
    EtwUnregister(WlanGlobals.EtwHandle);
}
