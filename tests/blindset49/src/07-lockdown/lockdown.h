/*
 * lockdown.h - LockDown legacy FS filter: while "locked", deletes and
 * renames on every mounted local volume are refused (backup copy window).
 */
#ifndef LOCKDOWN_H
#define LOCKDOWN_H

#include <ntifs.h>

#define LD_TAG              'kdLL'
#define LD_CDO_NAME         L"\\FileSystem\\Filters\\LockDown"
#define LD_DRAIN_DELAY_MS   1000

#define IOCTL_LD_SET_LOCK   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define LDTRACE(_x_)        KdPrint(_x_)

typedef enum _LD_KIND {
    LdKindFsCdo  = 1,
    LdKindVolume = 2
} LD_KIND;

typedef struct _LD_EXTENSION {
    LD_KIND        Kind;
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;        /* returned by IoAttachDeviceToDeviceStackSafe */
    PDEVICE_OBJECT Target;       /* FS CDO or volume device we attached to      */
    PDEVICE_OBJECT RealDevice;   /* storage device, volumes only                */
    LIST_ENTRY     Link;
} LD_EXTENSION, *PLD_EXTENSION;

typedef struct _LD_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    PDEVICE_OBJECT ControlDevice;
    FAST_MUTEX     Lock;
    LIST_ENTRY     Attached;
    volatile LONG  Locked;
} LD_GLOBALS;

extern LD_GLOBALS g_Ld;

#define LD_EXT(_d)        ((PLD_EXTENSION)(_d)->DeviceExtension)
#define LD_IS_CDO(_d)     ((_d) == g_Ld.ControlDevice)

/* fsattach.c */
DRIVER_FS_NOTIFICATION LdFsNotification;
FAST_IO_DETACH_DEVICE  LdFastIoDetachDevice;
BOOLEAN LdAttachToFileSystem(_In_ PDEVICE_OBJECT FsCdo);
BOOLEAN LdAttachToMountedVolume(_In_ PDEVICE_OBJECT VolumeDevice, _In_ PDEVICE_OBJECT RealDevice);
VOID    LdDetachFromFileSystem(_In_ PDEVICE_OBJECT FsCdo);
VOID    LdDetachAll(VOID);

/* dispatch.c */
DRIVER_DISPATCH LdDispatchPass;
DRIVER_DISPATCH LdDispatchCreate;
DRIVER_DISPATCH LdDispatchSetInfo;
DRIVER_DISPATCH LdDispatchFsControl;

#endif
