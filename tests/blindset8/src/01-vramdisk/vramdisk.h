/*
 * vramdisk - Storport virtual miniport exposing RAM-backed LUNs.
 *
 * Started from the "virtual miniport" skeleton we had for the iSCSI
 * offload prototype; the SCSI command handling lives in scsi.c, the
 * registry knobs in config.c.
 */
#pragma once

#include <ntddk.h>
#include <storport.h>
#include <ntstrsafe.h>

#define VRD_TAG                 'dRrV'
#define VRD_VENDOR_ID           "VRAMDISK"
#define VRD_PRODUCT_ID          "Virtual RAM Disk"
#define VRD_PRODUCT_REV         "0.42"

#define VRD_MAX_TARGETS         4
#define VRD_MAX_LUNS            1
#define VRD_SECTOR_SIZE         512
#define VRD_DEFAULT_SIZE_MB     64
#define VRD_MAX_SIZE_MB         2048
#define VRD_MAX_TRANSFER        (128 * 1024)

/* Values read once in DriverEntry; kept in a static, nothing to free. */
typedef struct _VRD_GLOBAL_CONFIG {
    ULONG   DiskSizeMb;
    ULONG   NumberOfDisks;
    BOOLEAN ReadOnly;
    BOOLEAN VerboseLog;
    BOOLEAN FromRegistry;
} VRD_GLOBAL_CONFIG, *PVRD_GLOBAL_CONFIG;

typedef struct _VRD_DISK {
    PUCHAR   Image;
    ULONGLONG SectorCount;
    BOOLEAN  Present;
} VRD_DISK, *PVRD_DISK;

typedef struct _VRD_ADAPTER_EXTENSION {
    ULONG       Signature;
    ULONG       AdapterNumber;
    VRD_DISK    Disks[VRD_MAX_TARGETS];
    ULONG       DiskCount;
    volatile LONG OutstandingIo;
} VRD_ADAPTER_EXTENSION, *PVRD_ADAPTER_EXTENSION;

typedef struct _VRD_SRB_EXTENSION {
    ULONG Reserved;
} VRD_SRB_EXTENSION, *PVRD_SRB_EXTENSION;

extern VRD_GLOBAL_CONFIG VrdConfig;

/* config.c */
VOID     VrdConfigSetDefaults(_Out_ PVRD_GLOBAL_CONFIG Config);
NTSTATUS VrdConfigLoad(_In_ PUNICODE_STRING RegistryPath, _Inout_ PVRD_GLOBAL_CONFIG Config);

/* scsi.c */
UCHAR VrdExecuteScsi(_In_ PVRD_ADAPTER_EXTENSION Adapter, _In_ PSCSI_REQUEST_BLOCK Srb);

#define VrdLog(fmt, ...) \
    do { if (VrdConfig.VerboseLog) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vramdisk: " fmt, __VA_ARGS__); } while (0)
