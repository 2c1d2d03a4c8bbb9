/*++

Module Name:

    vstorlite.c

Abstract:

    DriverEntry and driver unload for the VStorLite virtual miniport.

Notes:

    Storport owns DriverObject->DriverUnload.  We hook it after
    StorPortInitialize so the disk image can be released, and then chain
    to the original routine.

--*/

#include "vstorlite.h"

VSL_GLOBALS VslGlobals;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       VslDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VslDriverUnload)
#endif


_Use_decl_annotations_
VOID
VslDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    VslLog("unloading, %u adapter(s) were started", VslGlobals.AdapterCount);

    //
    // Let Storport tear down its side first; after that nobody can be
    // touching the image any more.
    //

    if (VslGlobals.PortUnload != NULL) {
        VslGlobals.PortUnload(DriverObject);
    }

    if (VslGlobals.Image != NULL) {
        ExFreePoolWithTag(VslGlobals.Image, VSL_TAG);
        VslGlobals.Image = NULL;
    }
}


//
// Sizes and allocates the disk image, then registers with Storport as a
// virtual miniport.  Returns the status from StorPortInitialize.
//
_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA  hwInitData;
    ULONG                           sizeInMb = VSL_DEFAULT_SIZE_MB;
    NTSTATUS                        status;

    VslLog("DriverEntry, built %s %s", __DATE__, __TIME__);

    RtlZeroMemory(&VslGlobals, sizeof(VslGlobals));
    VslGlobals.DriverObject = DriverObject;

    status = VslQueryImageSize(RegistryPath, &sizeInMb);
    if (!NT_SUCCESS(status)) {
        VslLog("no ImageSizeMB value (%08x), using %u MB", status, VSL_DEFAULT_SIZE_MB);
        sizeInMb = VSL_DEFAULT_SIZE_MB;
    }

    VslGlobals.ImageSize   = (SIZE_T)sizeInMb * 1024 * 1024;
    VslGlobals.SectorCount = (ULONG)(VslGlobals.ImageSize / VSL_SECTOR_SIZE);

    VslGlobals.Image = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                               VslGlobals.ImageSize,
                                               VSL_TAG);
    if (VslGlobals.Image == NULL) {
        VslLog("cannot allocate %Iu byte image", VslGlobals.ImageSize);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    hwInitData.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType     = Internal;

    hwInitData.HwInitialize             = VslHwInitialize;
    hwInitData.HwStartIo                = VslHwStartIo;
    hwInitData.HwFindAdapter            = VslVirtualFindAdapter;
    hwInitData.HwResetBus               = VslHwResetBus;
    hwInitData.HwAdapterControl         = VslHwAdapterControl;
    hwInitData.HwFreeAdapterResources   = VslHwFreeAdapterResources;

    hwInitData.DeviceExtensionSize      = sizeof(VSL_HBA_EXTENSION);
    hwInitData.SpecificLuExtensionSize  = 0;
    hwInitData.SrbExtensionSize         = 0;

    hwInitData.TaggedQueuing            = TRUE;
    hwInitData.AutoRequestSense         = TRUE;
    hwInitData.MultipleRequestPerLu     = TRUE;
    hwInitData.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInitData.NumberOfAccessRanges     = 0;
    hwInitData.PortVersionFlags         = 0;

    status = (NTSTATUS)StorPortInitialize(DriverObject,
                                          RegistryPath,
                                          (PHW_INITIALIZATION_DATA)&hwInitData,
                                          NULL);

    if (status != STATUS_SUCCESS) {
        VslLog("StorPortInitialize failed %08x", status);
        return status;
    }

    // hook unload so the image is released, see file header
    VslGlobals.PortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = VslDriverUnload;

    VslLog("%u MB disk ready (%u sectors)", sizeInMb, VslGlobals.SectorCount);
    return STATUS_SUCCESS;
}
