/*
 * wdmram.h - old school (non PnP) ram disk, loaded with sc create/start
 */
#ifndef _WDMRAM_H_
#define _WDMRAM_H_

#include <ntddk.h>
#include <ntdddisk.h>

#define WR_TAG              'maRW'
#define WR_IMAGE_MB         8
#define WR_IMAGE_BYTES      ((SIZE_T)WR_IMAGE_MB * 1024 * 1024)
#define WR_SECTOR_SIZE      512

#define WR_PRINT(...)       KdPrint(("wdmram: " __VA_ARGS__))
#define WR_CHECK(st, msg)   do { if (!NT_SUCCESS(st)) { WR_PRINT("%s failed 0x%08X\n", msg, st); } } while (0)

typedef struct _WR_EXTENSION {
    PDEVICE_OBJECT  Self;
    PMDL            ImageMdl;       /* pages from MmAllocatePagesForMdlEx */
    PUCHAR          Image;          /* system VA of the pages above */
    SIZE_T          ImageSize;
    DISK_GEOMETRY   Geometry;
    ULONG           Reads;
    ULONG           Writes;
} WR_EXTENSION, *PWR_EXTENSION;

/* image.c */
NTSTATUS WrAllocateImage(_Inout_ PWR_EXTENSION Ext, _In_ SIZE_T Bytes);
VOID     WrReleaseImage(_Inout_ PWR_EXTENSION Ext);

/* dispatch.c */
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH WrDispatchCreateClose;

_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH WrDispatchReadWrite;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH WrDispatchDeviceControl;

#endif
