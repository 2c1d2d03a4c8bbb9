/*
 * fsshield.h - FsShield: refuses to let anything write autorun.inf to a
 * removable volume.  Legacy filter, attaches to every disk file system CDO
 * and to each removable volume as it is mounted.
 */
#ifndef _FSSHIELD_H_
#define _FSSHIELD_H_

#include <ntifs.h>

#define FSS_TAG            'dhSF'
#define FSS_CDO_NAME       L"\\FileSystem\\Filters\\FsShield"
#define FSS_LINK_NAME      L"\\DosDevices\\FsShield"
#define FSS_DRAIN_MS       750
#define FSS_BLOCKED_NAME   L"autorun.inf"

#define FSS_LOG(_x_)       KdPrint(_x_)

typedef struct _FSS_DEVICE_EXTENSION {
    BOOLEAN        IsVolume;
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT NextLower;
    PDEVICE_OBJECT AttachedTarget;
    LIST_ENTRY     Entry;
} FSS_DEVICE_EXTENSION, *PFSS_DEVICE_EXTENSION;

typedef struct _FSS_DATA {
    PDRIVER_OBJECT    DriverObject;
    PDEVICE_OBJECT    ControlDevice;
    PFAST_IO_DISPATCH FastIo;
    FAST_MUTEX        ListLock;
    LIST_ENTRY        Devices;
    volatile LONG     Blocked;
} FSS_DATA;

extern FSS_DATA g_Fss;

#define FSS_EXT(_d)   ((PFSS_DEVICE_EXTENSION)(_d)->DeviceExtension)

/* attach.c */
DRIVER_FS_NOTIFICATION FssFsNotification;
FAST_IO_DETACH_DEVICE  FssFastIoDetachDevice;
NTSTATUS FssCreateFilterDevice(_In_ PDEVICE_OBJECT Target, _In_ BOOLEAN IsVolume, _Out_ PDEVICE_OBJECT *FilterDevice);
NTSTATUS FssAttach(_In_ PDEVICE_OBJECT FilterDevice, _In_ PDEVICE_OBJECT Target);
VOID     FssDetachAll(VOID);

/* dispatch.c */
DRIVER_DISPATCH FssPassThrough;
DRIVER_DISPATCH FssCreate;
DRIVER_DISPATCH FssFsControl;

#endif
