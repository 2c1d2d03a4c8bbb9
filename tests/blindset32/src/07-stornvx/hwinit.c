#include "stornvx.h"

static UCHAR NvxVendorId[] = NVX_VENDOR_ID;
static UCHAR NvxDeviceId[] = NVX_DEVICE_ID;

VOID
NvxFillInitData(
    _Out_ PHW_INITIALIZATION_DATA InitData
    )
{
    InitData->HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    InitData->AdapterInterfaceType = PCIBus;

    InitData->HwFindAdapter    = NvxFindAdapter;
    InitData->HwInitialize     = NvxHwInitialize;
    InitData->HwStartIo        = NvxStartIo;
    InitData->HwBuildIo        = NvxBuildIo;
    InitData->HwInterrupt      = NvxInterrupt;
    InitData->HwResetBus       = NvxResetBus;
    InitData->HwAdapterControl = NvxAdapterControl;

    InitData->DeviceExtensionSize     = sizeof(NVX_DEVICE_EXTENSION);
    InitData->SpecificLuExtensionSize = 0;
    InitData->SrbExtensionSize        = sizeof(NVX_SRB_EXTENSION);
    InitData->NumberOfAccessRanges    = 1;

    InitData->MapBuffers            = STOR_MAP_NON_READ_WRITE_BUFFERS;
    InitData->NeedPhysicalAddresses = TRUE;
    InitData->TaggedQueuing         = TRUE;
    InitData->AutoRequestSense      = TRUE;
    InitData->MultipleRequestPerLu  = TRUE;

    InitData->VendorIdLength = sizeof(NvxVendorId) - 1;
    InitData->VendorId       = NvxVendorId;
    InitData->DeviceIdLength = sizeof(NvxDeviceId) - 1;
    InitData->DeviceId       = NvxDeviceId;

    InitData->FeatureSupport |= STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES;
}
