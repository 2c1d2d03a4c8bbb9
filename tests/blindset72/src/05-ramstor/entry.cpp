#include "ramstor.h"

using ramstor::Miniport;

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA hw;
    RtlZeroMemory(&hw, sizeof(hw));

    hw.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hw.AdapterInterfaceType     = Internal;

    hw.HwFindAdapter            = Miniport::FindAdapter;
    hw.HwInitialize             = Miniport::Initialize;
    hw.HwStartIo                = Miniport::StartIo;
    hw.HwResetBus               = Miniport::ResetBus;
    hw.HwAdapterControl         = Miniport::AdapterControl;
    hw.HwFreeAdapterResources   = Miniport::FreeAdapterResources;

    hw.DeviceExtensionSize      = sizeof(ramstor::HwExt);
    hw.SpecificLuExtensionSize  = 0;
    hw.SrbExtensionSize         = 0;

    hw.TaggedQueuing            = TRUE;
    hw.AutoRequestSense         = TRUE;
    hw.MultipleRequestPerLu     = TRUE;
    hw.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    ULONG status = StorPortInitialize(DriverObject, RegistryPath,
                                      reinterpret_cast<PHW_INITIALIZATION_DATA>(&hw),
                                      nullptr);
    if (status != STATUS_SUCCESS) {
        RS_DBG("StorPortInitialize failed 0x%08x", status);
    } else {
        RS_DBG("initialized, ext=%u", (ULONG)sizeof(ramstor::HwExt));
    }

    return STATUS_SUCCESS;
}
