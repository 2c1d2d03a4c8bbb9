/*
 * driver.c - SR-8x Storport miniport: DriverEntry.
 *
 * The hardware side is in hw.c.  This file only builds the
 * HW_INITIALIZATION_DATA and hands it to Storport.
 */
#include "sasraid.h"

ULONG SrdDebugLevel = SRD_WARN;
SRD_GLOBAL_STATS SrdGlobalStats;

sp_DRIVER_INITIALIZE DriverEntry;

/* Vendor/device strings Storport uses to match legacy INF entries. */
static UCHAR SrdVendorId[4] = { '1', 'B', '4', 'B' };
static UCHAR SrdDeviceId[4] = { '9', '4', '8', '5' };

ULONG
DriverEntry(
    _In_ PVOID Argument1,
    _In_ PVOID Argument2
    )
{
    HW_INITIALIZATION_DATA HwInitData;
    ULONG Status;

    SrdDbg(SRD_INFO, "DriverEntry %p %p\n", Argument1, Argument2);

    RtlZeroMemory(&HwInitData, sizeof(HW_INITIALIZATION_DATA));

    HwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    HwInitData.AdapterInterfaceType     = PCIBus;

    HwInitData.HwInitialize             = SrdHwInitialize;
    HwInitData.HwBuildIo                = SrdHwBuildIo;
    HwInitData.HwStartIo                = SrdHwStartIo;
    HwInitData.HwInterrupt              = SrdHwInterrupt;
    HwInitData.HwFindAdapter            = SrdHwFindAdapter;
    HwInitData.HwResetBus               = SrdHwResetBus;
    HwInitData.HwAdapterControl         = SrdHwAdapterControl;

    HwInitData.DeviceExtensionSize      = sizeof(SRD_HW_EXTENSION);
    HwInitData.SpecificLuExtensionSize  = 0;
    HwInitData.SrbExtensionSize         = sizeof(SRD_SRB_EXTENSION) +
                                          SRD_MAX_SG_ELEMENTS * sizeof(STOR_SCATTER_GATHER_ELEMENT);
    HwInitData.NumberOfAccessRanges     = 2;

    HwInitData.MapBuffers               = STOR_MAP_NON_READ_WRITE_BUFFERS;
    HwInitData.NeedPhysicalAddresses    = TRUE;
    HwInitData.TaggedQueuing            = TRUE;
    HwInitData.AutoRequestSense         = TRUE;
    HwInitData.MultipleRequestPerLu     = TRUE;

    HwInitData.VendorIdLength           = sizeof(SrdVendorId);
    HwInitData.VendorId                 = SrdVendorId;
    HwInitData.DeviceIdLength           = sizeof(SrdDeviceId);
    HwInitData.DeviceId                 = SrdDeviceId;

    HwInitData.FeatureSupport          |= STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES;

    Status = StorPortInitialize(Argument1, Argument2, &HwInitData, NULL);
    SrdDbg(SRD_INFO, "StorPortInitialize returned %08x\n", Status);

    //
    // Controller-wide statistics block polled by srdmgmt.exe through
    // the pass-through path.  The I/O path does not depend on it.
    //
    Status = SrdStatsInitialize(&SrdGlobalStats);
    if (!NT_SUCCESS(Status)) {
        SrdDbg(SRD_WARN, "statistics disabled (%08x)\n", Status);
        Status = STATUS_SUCCESS;
    }

    return Status;
}
