/*
 * driver.c - DriverEntry of the virtual HBA
 */
#include "vhba.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD VhbaUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

/*
 * Storport owns DriverObject->DriverUnload.  We put ours in front of it so
 * the backing store goes away after storport has torn down its adapters.
 */
static VOID
VhbaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDRIVER_UNLOAD portUnload = NULL;

    VHBA_LOG("unload");

    if (g_Vhba != NULL) {
        portUnload = g_Vhba->PortUnload;
    }

    if (portUnload != NULL) {
        portUnload(DriverObject);
    }

    VhbaGlobalsDestroy();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    NTSTATUS status;
    ULONG portStatus;

    VHBA_LOG("DriverEntry, built %s %s", __DATE__, __TIME__);

    status = VhbaGlobalsCreate(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        VHBA_LOG("globals failed 0x%08X", status);
        return status;
    }

    RtlZeroMemory(&hwInit, sizeof(hwInit));

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    hwInit.HwFindAdapter            = VhbaFindAdapter;
    hwInit.HwInitialize             = VhbaHwInitialize;
    hwInit.HwStartIo                = VhbaStartIo;
    hwInit.HwResetBus               = VhbaResetBus;
    hwInit.HwAdapterControl         = VhbaAdapterControl;
    hwInit.HwFreeAdapterResources   = VhbaFreeAdapterResources;
    hwInit.HwProcessServiceRequest  = VhbaProcessServiceRequest;
    hwInit.HwCompleteServiceIrp     = VhbaCompleteServiceIrp;

    hwInit.DeviceExtensionSize      = sizeof(VHBA_EXTENSION);
    hwInit.SpecificLuExtensionSize  = 0;
    hwInit.SrbExtensionSize         = 0;

    hwInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;

    portStatus = StorPortInitialize(DriverObject,
                                    RegistryPath,
                                    (PHW_INITIALIZATION_DATA)&hwInit,
                                    NULL);

    if (portStatus != STATUS_SUCCESS) {
        VHBA_LOG("StorPortInitialize failed 0x%08X", portStatus);
        VhbaGlobalsDestroy();
    } else {
        g_Vhba->PortUnload = DriverObject->DriverUnload;
        DriverObject->DriverUnload = VhbaUnload;
    }

    return status;
}
