/* fsmon - legacy (sfilter-style) file system filter that counts creates per volume */
#pragma once

#include <ntifs.h>

#define FSMON_TAG           'nMsF'
#define FSMON_CDO_NAME      L"\\FileSystem\\Filters\\FsMon"

#define FSMON_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "FsMon: " fmt "\n", __VA_ARGS__)

typedef struct _FSMON_DEVICE_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT AttachedTo;       /* device directly below us */
    PDEVICE_OBJECT StorageDevice;    /* real device, volumes only */
    LIST_ENTRY     Link;             /* g_FsMon.AttachedList */
    BOOLEAN        IsVolume;
    volatile LONG  Creates;
} FSMON_DEVICE_EXTENSION, *PFSMON_DEVICE_EXTENSION;

typedef struct _FSMON_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    PDEVICE_OBJECT ControlDevice;
    FAST_MUTEX     AttachLock;
    LIST_ENTRY     AttachedList;
} FSMON_GLOBALS, *PFSMON_GLOBALS;

extern FSMON_GLOBALS g_FsMon;

#define IS_FSMON_CDO(_d)    ((_d) == g_FsMon.ControlDevice)
#define IS_FSMON_FILTER(_d) ((_d) != NULL && \
                             (_d)->DriverObject == g_FsMon.DriverObject && \
                             (_d)->DeviceExtension != NULL)

/* attach.c */
DRIVER_FS_NOTIFICATION FsMonFsNotification;
NTSTATUS FsMonAttachToVolume(_In_ PDEVICE_OBJECT VolumeDevice, _In_ PDEVICE_OBJECT StorageDevice);
BOOLEAN  FsMonForget(_In_ PFSMON_DEVICE_EXTENSION Ext);
VOID     FsMonDetachAll(VOID);

/* fastio.c */
NTSTATUS FsMonSetupFastIo(_In_ PDRIVER_OBJECT DriverObject);
VOID     FsMonFreeFastIo(_In_ PDRIVER_OBJECT DriverObject);
