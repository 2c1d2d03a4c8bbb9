/*
 * fsflt.h - "fsmon" legacy file system filter (sfilter lineage).
 *
 * Attaches to every file system control device object as file systems
 * register, and to each volume they mount; counts creates per volume.
 * Kept as a legacy filter because the product still supports a target
 * where the filter manager is not loaded early enough.
 */
#ifndef _FSFLT_H_
#define _FSFLT_H_

#include <ntifs.h>
#include <ntstrsafe.h>

#define FSF_TAG                 'nMsF'
#define FSF_CDO_NAME            L"\\FileSystem\\Filters\\FsMon"
#define FSF_CDO_NAME_OLD        L"\\FileSystem\\FsMonCDO"

typedef struct _FSF_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    PDEVICE_OBJECT      ControlDevice;
    PFAST_IO_DISPATCH   FastIoDispatch;
    FAST_MUTEX          AttachLock;
    LIST_ENTRY          AttachedList;
    ULONG               AttachedCount;
} FSF_GLOBALS, *PFSF_GLOBALS;

extern PFSF_GLOBALS FsfGlobals;

/* Extension of every device object we attach. */
typedef struct _FSF_DEVICE_EXTENSION {
    LIST_ENTRY      Link;
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  AttachedTo;
    PDEVICE_OBJECT  StorageStack;       /* real device, NULL for CDOs */
    BOOLEAN         IsVolume;
    volatile LONG   Creates;
    WCHAR           Name[64];
} FSF_DEVICE_EXTENSION, *PFSF_DEVICE_EXTENSION;

#define IS_FSF_CONTROL_DEVICE(d) ((d) == FsfGlobals->ControlDevice)

/* attach.c */
DRIVER_FS_NOTIFICATION FsfFsNotification;
NTSTATUS FsfAttachToFileSystem(_In_ PDEVICE_OBJECT FsDevice);
VOID     FsfDetachFromFileSystem(_In_ PDEVICE_OBJECT FsDevice);
VOID     FsfDetachAll(VOID);

_Dispatch_type_(IRP_MJ_CREATE)              DRIVER_DISPATCH FsfCreate;
_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL) DRIVER_DISPATCH FsfFsControl;
DRIVER_DISPATCH FsfPassThrough;

/* fastio.c */
VOID FsfFillFastIoTable(_Out_ PFAST_IO_DISPATCH FastIo);

#endif
