/* pdisk.h - "pseudo disk class": function driver for a root enumerated RAM
 * disk that acts a bit like a class driver (disk interface, WMI stats). */
#ifndef PDISK_H
#define PDISK_H

#include <ntddk.h>
#include <ntdddisk.h>
#include <wmilib.h>

#define PD_TAG          'ksDP'
#define PD_IMAGE_BYTES  (4 * 1024 * 1024)
#define PD_SECTOR       512

#define PDPRINT(_x_)    KdPrint(_x_)

typedef enum _PD_STATE { PdStopped = 0, PdStarted, PdSurpriseRemoved, PdRemoved } PD_STATE;

typedef struct _PD_WMI_STATS {
    ULONG   Reads, Writes, Errors;
} PD_WMI_STATS, *PPD_WMI_STATS;

typedef struct _PD_FDO_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    PD_STATE        State;
    UNICODE_STRING  InterfaceName;
    WMILIB_CONTEXT  WmiLib;
    PD_WMI_STATS    Stats;
    PUCHAR          Image;
} PD_FDO_EXTENSION, *PPD_FDO_EXTENSION;

extern UNICODE_STRING g_PdRegistryPath;

/* fdo.c */
DRIVER_ADD_DEVICE PdAddDevice;
VOID PdDestroyFdo(_In_ PDEVICE_OBJECT Fdo);

/* pnp.c */
_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH PdDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH PdDispatchPower;

/* wmi.c */
NTSTATUS PdWmiRegister(_Inout_ PPD_FDO_EXTENSION Ext);
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH PdDispatchSystemControl;

#endif /* PDISK_H */
