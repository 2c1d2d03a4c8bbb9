/*
 * ramdsk.h - shared definitions for the ramdsk legacy RAM disk
 *
 * (c) 2019-2021 the ramdsk contributors, MIT licensed
 */
#pragma once

#include <ntddk.h>
#include <ntdddisk.h>

#define RD_TAG              'kDmR'
#define RD_DEVICE_NAME      L"\\Device\\RamDsk0"
#define RD_LINK_NAME        L"\\DosDevices\\R:"

#define RD_SECTOR_SIZE      512
#define RD_SECTORS_PER_TRK  32
#define RD_TRACKS_PER_CYL   2
#define RD_DEFAULT_SIZE     (16UL * 1024 * 1024)
#define RD_MIN_SIZE         (1UL * 1024 * 1024)
#define RD_MAX_SIZE         (256UL * 1024 * 1024)

#if DBG
#define RD_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "ramdsk: " fmt "\n", __VA_ARGS__)
#else
#define RD_LOG(fmt, ...)
#endif
#define RD_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "ramdsk!ERR: " fmt "\n", __VA_ARGS__)

typedef struct _RD_EXTENSION {
    PDEVICE_OBJECT  Self;
    PUCHAR          Image;
    ULONG           ImageSize;
    DISK_GEOMETRY   Geometry;
    volatile LONG   Reads;
    volatile LONG   Writes;
} RD_EXTENSION, *PRD_EXTENSION;

typedef struct _RD_GLOBALS {
    UNICODE_STRING  RegistryPath;   /* service key, used to persist counters */
    ULONG           DiskSize;
    ULONG           PersistStats;
    PDEVICE_OBJECT  Device;
} RD_GLOBALS, *PRD_GLOBALS;

extern RD_GLOBALS g_Rd;

/* params.c */
NTSTATUS RdReadParameters(_In_ PCUNICODE_STRING RegistryPath, _Inout_ PULONG DiskSize, _Inout_ PULONG PersistStats);
VOID     RdSaveStats(_In_ PCUNICODE_STRING RegistryPath, _In_ ULONG Reads, _In_ ULONG Writes);

/* io.c */
DRIVER_DISPATCH RdDispatchCreateClose;
DRIVER_DISPATCH RdDispatchReadWrite;
DRIVER_DISPATCH RdDispatchIoctl;
DRIVER_DISPATCH RdDispatchUnsupported;
