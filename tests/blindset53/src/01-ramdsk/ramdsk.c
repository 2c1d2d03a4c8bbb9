/*
 * ramdsk.c - tiny legacy (non-PnP) RAM disk.
 *
 * Creates \Device\RamDsk0 and the R: link. The image lives in nonpaged
 * pool and is gone when the driver stops. Size comes from
 * <service>\Parameters\DiskSize (bytes).
 *
 * sc create ramdsk type= kernel binPath= C:\drivers\ramdsk.sys
 */
#include "ramdsk.h"

RD_GLOBALS g_Rd;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RdUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RdUnload)
#endif

static VOID
RdSetupGeometry(_Inout_ PRD_EXTENSION Ext)
{
    ULONG bytesPerCyl = RD_SECTOR_SIZE * RD_SECTORS_PER_TRK * RD_TRACKS_PER_CYL;

    Ext->Geometry.BytesPerSector    = RD_SECTOR_SIZE;
    Ext->Geometry.SectorsPerTrack   = RD_SECTORS_PER_TRK;
    Ext->Geometry.TracksPerCylinder = RD_TRACKS_PER_CYL;
    Ext->Geometry.Cylinders.QuadPart = Ext->ImageSize / bytesPerCyl;
    Ext->Geometry.MediaType         = FixedMedia;
}

/* put a recognisable marker in sector 0 so "dd" users can see it worked */
static VOID
RdStampImage(_Out_writes_bytes_(Size) PUCHAR Image, _In_ ULONG Size)
{
    static const char marker[] = "RAMDSK v0.3 - unformatted";

    if (Size < RD_SECTOR_SIZE) {
        return;
    }
    RtlCopyMemory(Image + 3, marker, sizeof(marker));
    Image[510] = 0x55;
    Image[511] = 0xAA;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    PDEVICE_OBJECT devObj = NULL;
    PRD_EXTENSION  ext;
    PUCHAR         image;
    ULONG          i;

    RD_LOG("DriverEntry, key %wZ", RegistryPath);

    RtlZeroMemory(&g_Rd, sizeof(g_Rd));
    g_Rd.RegistryPath = *RegistryPath;      /* remembered for RdUnload */
    g_Rd.DiskSize     = RD_DEFAULT_SIZE;
    g_Rd.PersistStats = 1;

    status = RdReadParameters(RegistryPath, &g_Rd.DiskSize, &g_Rd.PersistStats);
    if (!NT_SUCCESS(status)) {
        RD_LOG("no usable Parameters key (0x%08X), defaults in use", status);
    }

    if (g_Rd.DiskSize < RD_MIN_SIZE || g_Rd.DiskSize > RD_MAX_SIZE) {
        RD_LOG("DiskSize %lu out of range, using %lu", g_Rd.DiskSize, RD_DEFAULT_SIZE);
        g_Rd.DiskSize = RD_DEFAULT_SIZE;
    }
    g_Rd.DiskSize &= ~(RD_SECTOR_SIZE - 1);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = RdDispatchUnsupported;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RdDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RdDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = RdDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = RdDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RdDispatchIoctl;

    image = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, g_Rd.DiskSize, RD_TAG);
    if (image == NULL) {
        RD_ERR("cannot get %lu bytes for the image", g_Rd.DiskSize);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RdStampImage(image, g_Rd.DiskSize);

    RtlInitUnicodeString(&devName, RD_DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            sizeof(RD_EXTENSION),
                            &devName,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &devObj);
    if (!NT_SUCCESS(status)) {
        RD_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    ext = (PRD_EXTENSION)devObj->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self      = devObj;
    ext->Image     = image;
    ext->ImageSize = g_Rd.DiskSize;
    RdSetupGeometry(ext);

    RtlInitUnicodeString(&linkName, RD_LINK_NAME);
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        RD_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(devObj);
        ExFreePoolWithTag(image, RD_TAG);
        return status;
    }

    devObj->Flags |= DO_DIRECT_IO;
    devObj->AlignmentRequirement = FILE_WORD_ALIGNMENT;
    devObj->Flags &= ~DO_DEVICE_INITIALIZING;

    g_Rd.Device = devObj;
    DriverObject->DriverUnload = RdUnload;

    RD_LOG("up: %lu MB at %p", g_Rd.DiskSize >> 20, image);
    return STATUS_SUCCESS;
}

VOID
RdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT devObj = DriverObject->DeviceObject;
    PRD_EXTENSION  ext;
    UNICODE_STRING linkName;

    PAGED_CODE();

    if (devObj == NULL) {
        return;
    }
    ext = (PRD_EXTENSION)devObj->DeviceExtension;

    RD_LOG("unload: %ld reads, %ld writes", ext->Reads, ext->Writes);
    if (g_Rd.PersistStats) {
        RdSaveStats(&g_Rd.RegistryPath, (ULONG)ext->Reads, (ULONG)ext->Writes);
    }

    RtlInitUnicodeString(&linkName, RD_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);

    if (ext->Image != NULL) {
        ExFreePoolWithTag(ext->Image, RD_TAG);
        ext->Image = NULL;
    }

    g_Rd.Device = NULL;
    IoDeleteDevice(devObj);
}
