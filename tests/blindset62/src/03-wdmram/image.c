/*
 * image.c - backing pages of the ram disk.
 *
 * Pages come straight from MmAllocatePagesForMdlEx so a big image does not
 * eat the nonpaged pool.
 */
#include "wdmram.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WrAllocateImage)
#pragma alloc_text(PAGE, WrReleaseImage)
#endif

static VOID
WrFillGeometry(
    _Inout_ PWR_EXTENSION Ext
    )
{
    ULONG sectors = (ULONG)(Ext->ImageSize / WR_SECTOR_SIZE);

    Ext->Geometry.MediaType = FixedMedia;
    Ext->Geometry.BytesPerSector = WR_SECTOR_SIZE;
    Ext->Geometry.SectorsPerTrack = 32;
    Ext->Geometry.TracksPerCylinder = 2;
    Ext->Geometry.Cylinders.QuadPart = sectors / (32 * 2);
}

NTSTATUS
WrAllocateImage(
    _Inout_ PWR_EXTENSION Ext,
    _In_ SIZE_T Bytes
    )
{
    PHYSICAL_ADDRESS low, high, skip;

    PAGED_CODE();

    low.QuadPart  = 0;
    high.QuadPart = (LONGLONG)-1;
    skip.QuadPart = 0;

    Ext->ImageMdl = MmAllocatePagesForMdlEx(low, high, skip, Bytes,
                                            MmCached, MM_ALLOCATE_FULLY_REQUIRED);
    if (Ext->ImageMdl == NULL) {
        WR_PRINT("MmAllocatePagesForMdlEx(%Iu) failed\n", Bytes);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Ext->Image = (PUCHAR)MmMapLockedPagesSpecifyCache(Ext->ImageMdl,
                                                      KernelMode,
                                                      MmCached,
                                                      NULL,
                                                      FALSE,
                                                      NormalPagePriority | MdlMappingNoExecute);
    if (Ext->Image == NULL) {
        WR_PRINT("could not map the image\n");
        WrReleaseImage(Ext);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Ext->ImageSize = Bytes;
    RtlZeroMemory(Ext->Image, Bytes);
    WrFillGeometry(Ext);

    WR_PRINT("image %Iu bytes at %p\n", Bytes, Ext->Image);
    return STATUS_SUCCESS;
}

VOID
WrReleaseImage(
    _Inout_ PWR_EXTENSION Ext
    )
{
    PAGED_CODE();

    if (Ext->ImageMdl == NULL) {
        return;
    }

    if (Ext->Image != NULL) {
        MmUnmapLockedPages(Ext->Image, Ext->ImageMdl);
        Ext->Image = NULL;
    }

    IoFreeMdl(Ext->ImageMdl);
    Ext->ImageMdl = NULL;
    Ext->ImageSize = 0;
}
