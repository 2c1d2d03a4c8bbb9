/*
 * scsiscn.h
 *
 * Plain WDM storage class driver (no classpnp) for my old SCSI flatbed
 * (HP ScanJet 4c on an Adaptec 2940) because the inbox scsiscan.sys won't
 * talk to it on Win10. The TWAIN source sends raw CDBs with IOCTL_SCSISCN_CMD.
 */
#pragma once

#include <ntddk.h>
#include <scsi.h>
#include <ntddscsi.h>
#include <initguid.h>

#define SS_TAG                  'nacS'
#define SS_DEFAULT_TIMEOUT      60          /* seconds, scanners are slow */
#define SS_MAX_TRANSFER         (64 * 1024)
#define SS_SENSE_SIZE           18

/* {c8a1f0d2-6b2e-4d6f-9a53-3b7e9a0c21f4} */
DEFINE_GUID(GUID_DEVINTERFACE_SCSISCN,
    0xc8a1f0d2, 0x6b2e, 0x4d6f, 0x9a, 0x53, 0x3b, 0x7e, 0x9a, 0x0c, 0x21, 0xf4);

#define FILE_DEVICE_SCSISCN     0x9C00
#define IOCTL_SCSISCN_CMD \
    CTL_CODE(FILE_DEVICE_SCSISCN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

#define SS_DATA_IN      1
#define SS_DATA_OUT     2

typedef struct _SCSISCN_CMD {
    UCHAR   Cdb[16];
    UCHAR   CdbLength;
    UCHAR   Direction;          /* SS_DATA_IN / SS_DATA_OUT / 0 */
    UCHAR   ScsiStatus;         /* out */
    UCHAR   SenseLength;        /* out */
    UCHAR   Sense[SS_SENSE_SIZE];
    USHORT  Reserved;
    ULONG   DataLength;         /* data follows the header */
} SCSISCN_CMD, *PSCSISCN_CMD;

/* driver wide data, lives in the driver object extension */
#define SCSISCN_DRIVER_EXTENSION_ID  ((PVOID)(ULONG_PTR)0x5343414E)   /* 'SCAN' */

typedef struct _SCSISCN_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;
    LONG            NextDeviceNumber;
    ULONG           DefaultTimeOut;
    ULONG           MaxTransfer;
} SCSISCN_DRIVER_EXTENSION, *PSCSISCN_DRIVER_EXTENSION;

typedef struct _SCSISCN_DEVICE_EXTENSION {
    PDEVICE_OBJECT  DeviceObject;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;        /* from IoAttachDeviceToDeviceStack */
    PDEVICE_OBJECT  PortDevice;         /* returned by the claim */
    UNICODE_STRING  InterfaceName;
    ULONG           DeviceNumber;
    ULONG           TimeOutValue;
    ULONG           MaxTransfer;
    LONG            CommandsSent;
    BOOLEAN         Claimed;
    BOOLEAN         Started;
    BOOLEAN         Removed;
    FAST_MUTEX      CommandLock;        /* one CDB at a time */
} SCSISCN_DEVICE_EXTENSION, *PSCSISCN_DEVICE_EXTENSION;

#define SsLog(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "scsiscn: " fmt, __VA_ARGS__)

/* scsiscn.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE SsAddDevice;
DRIVER_UNLOAD SsUnload;

/* dispatch.c */
DRIVER_DISPATCH SsDispatchCreateClose;
DRIVER_DISPATCH SsDispatchDeviceControl;
DRIVER_DISPATCH SsDispatchPnp;
DRIVER_DISPATCH SsDispatchPassThrough;

/* srb.c */
NTSTATUS SsSendSrb(
    _In_ PSCSISCN_DEVICE_EXTENSION Ext,
    _In_ PDEVICE_OBJECT Target,
    _In_ UCHAR Function,
    _In_reads_opt_(CdbLength) PUCHAR Cdb,
    _In_ UCHAR CdbLength,
    _Inout_updates_bytes_opt_(DataLength) PVOID Data,
    _In_ ULONG DataLength,
    _In_ UCHAR Direction,
    _Out_opt_ PUCHAR ScsiStatus,
    _Out_writes_bytes_opt_(SS_SENSE_SIZE) PUCHAR Sense,
    _Out_opt_ PUCHAR SenseLength,
    _Out_opt_ PDEVICE_OBJECT *ClaimedDevice);
