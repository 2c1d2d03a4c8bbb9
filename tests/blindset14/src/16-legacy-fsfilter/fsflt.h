/*
 * fsflt.h - FsPeek, an old-style (sfilter-like) file system filter.
 *
 * DriverEntry only creates the control device and asks to be told about
 * file systems. Attaching happens later: to each file system's control
 * device when it registers, and to each volume when it gets mounted.
 *
 * All driver-wide state lives in the control device's extension.
 */
#pragma once

#include <ntifs.h>

#define FSF_TAG     'kePF'

typedef enum _FSF_KIND {
    FsfControl = 0,     /* our own control device */
    FsfFsCdo,           /* attached to a file system control device */
    FsfVolume           /* attached to a mounted volume */
} FSF_KIND;

typedef struct _FSF_EXTENSION {
    FSF_KIND        Kind;
    PDEVICE_OBJECT  Self;           /* the device this extension belongs to */
    PDEVICE_OBJECT  Lower;          /* what IoAttachDeviceToDeviceStackSafe gave us */
    PDEVICE_OBJECT  Storage;        /* volumes: the real storage device */
    LIST_ENTRY      Link;           /* in FSF_GLOBALS.Attached */
    BOOLEAN         InList;
} FSF_EXTENSION, *PFSF_EXTENSION;

typedef struct _FSF_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    FAST_IO_DISPATCH    FastIo;
    FAST_MUTEX          AttachLock;
    LIST_ENTRY          Attached;
    volatile LONG       Creates;
} FSF_GLOBALS, *PFSF_GLOBALS;

typedef struct _FSF_CONTROL_EXTENSION {
    FSF_EXTENSION   Common;         /* must be first: every extension starts with it */
    FSF_GLOBALS     Globals;
} FSF_CONTROL_EXTENSION, *PFSF_CONTROL_EXTENSION;

extern PDEVICE_OBJECT g_FsfControl;

#define FSF_EXT(dev)    ((PFSF_EXTENSION)(dev)->DeviceExtension)
#define FSF_GLOBALS()   (&((PFSF_CONTROL_EXTENSION)g_FsfControl->DeviceExtension)->Globals)

/* attach.c */
DRIVER_FS_NOTIFICATION FsfFsNotification;
NTSTATUS FsfAttachToVolume(PDEVICE_OBJECT VolumeDevice, PDEVICE_OBJECT StorageDevice);
BOOLEAN FsfIsAttached(PDEVICE_OBJECT Device);
VOID FsfDetachAll(VOID);
VOID FsfFastIoDetachDevice(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice);

/* dispatch.c */
DRIVER_DISPATCH FsfPassThrough;
DRIVER_DISPATCH FsfCreate;
DRIVER_DISPATCH FsfFsControl;
