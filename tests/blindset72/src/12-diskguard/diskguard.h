#ifndef DISKGUARD_H
#define DISKGUARD_H
/*
 * diskguard - WDM upper filter for the DiskDrive class. Rejects writes to
 * sector 0 (MBR / protective MBR) unless the "AllowBoot" registry value is set.
 */
#include <ntddk.h>
#include <ntdddisk.h>
#include <ntddstor.h>

#define DG_TAG          'dGkD'
#define DG_SECTOR_SIZE  512

#define DGPRINT(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "diskguard: " fmt "\n", __VA_ARGS__)

typedef struct _DG_EXT {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    PVOID           Scratch;        /* one sector, used for read-back checks */
    LONG            Blocked;
} DG_EXT, *PDG_EXT;

typedef struct _DG_GLOBALS {
    PVOID   IfaceNotifyEntry;
    ULONG   AllowBoot;
    LONG    Devices;
} DG_GLOBALS;

extern DG_GLOBALS g_Dg;

DRIVER_ADD_DEVICE DgAddDevice;
DRIVER_DISPATCH   DgPass;
DRIVER_DISPATCH   DgWrite;
DRIVER_DISPATCH   DgPnp;

NTSTATUS DgReadConfig(_In_ PUNICODE_STRING RegistryPath);

#endif
