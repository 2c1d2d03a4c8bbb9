/*
 * voltap.h - legacy (pre filter manager) file system filter, the old
 * sfilter way. Attaches directly on top of the mounted volumes of a few
 * drive letters and counts IRP_MJ_CREATE per volume.
 *
 * Written to understand what the filter manager does for us. Use a
 * minifilter for anything real.
 */
#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define VT_TAG          'paTV'
#define VT_CDO_NAME     L"\\FileSystem\\Filters\\VolTap"
#define VT_LINK_NAME    L"\\DosDevices\\VolTap"
#define VT_MAX_VOLUMES  8
#define VT_DRIVES       L"CDEFGH"

#define IOCTL_VT_GET_COUNTS CTL_CODE(FILE_DEVICE_DISK_FILE_SYSTEM, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)

#define VT_PRINT(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VolTap: " fmt "\n", __VA_ARGS__)

typedef enum _VT_KIND {
    VtControl = 0x43,   /* 'C' */
    VtFilter  = 0x46    /* 'F' */
} VT_KIND;

typedef struct _VT_EXTENSION {
    VT_KIND        Kind;
    PDEVICE_OBJECT AttachedTo;   /* next device down, filters only */
    WCHAR          Drive;
    volatile LONG  Creates;
} VT_EXTENSION, *PVT_EXTENSION;

typedef struct _VT_COUNT {
    WCHAR Drive;
    LONG  Creates;
} VT_COUNT, *PVT_COUNT;

typedef struct _VT_GLOBALS {
    PDEVICE_OBJECT    ControlDevice;
    BOOLEAN           LinkUp;
    PFAST_IO_DISPATCH FastIo;

    KSPIN_LOCK        FilterLock;
    PDEVICE_OBJECT    Filters[VT_MAX_VOLUMES];
    ULONG             FilterCount;
} VT_GLOBALS;

extern VT_GLOBALS g_Vt;

#define VT_IS_FILTER(d) (((PVT_EXTENSION)(d)->DeviceExtension)->Kind == VtFilter)

/* attach.c */
BOOLEAN VtAttachToDrive(_In_ PDRIVER_OBJECT DriverObject, _In_ WCHAR Drive,
                        _Out_ PDEVICE_OBJECT *Filter, _Out_ NTSTATUS *Status);
VOID    VtForgetFilter(_In_ PDEVICE_OBJECT Filter);
VOID    VtDetachAll(VOID);

/* fastio.c */
PFAST_IO_DISPATCH VtAllocFastIo(VOID);
VOID              VtFreeFastIo(_In_ PFAST_IO_DISPATCH FastIo);
