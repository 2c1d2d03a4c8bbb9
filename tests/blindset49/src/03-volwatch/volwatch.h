/*
 * volwatch.h - legacy file system filter that logs volume mounts
 *
 * Sits on top of every file system control device object and reports
 * IRP_MN_MOUNT_VOLUME / dismount FSCTLs to the debugger.  Used by the
 * backup scheduler team to find out when removable media shows up.
 */
#pragma once

#include <ntifs.h>

#define VW_TAG               'hcWV'
#define VW_EXT_SIGNATURE     'txWV'
#define VW_CDO_NAME          L"\\FileSystem\\Filters\\VolWatch"
#define VW_DOS_NAME          L"\\DosDevices\\VolWatch"
#define VW_DETACH_DELAY_MS   500
#define VW_FSREC_NAME        L"\\FileSystem\\Fs_Rec"

typedef struct _VW_DEVICE_EXTENSION {
    ULONG          Signature;
    PDEVICE_OBJECT Self;              /* our filter device object        */
    PDEVICE_OBJECT AttachedTo;        /* next lower device in the stack */
    PDEVICE_OBJECT FsControlDevice;   /* file system CDO we sit on      */
    LIST_ENTRY     Link;              /* g_Vw.AttachedList              */
    ULONG          MountsSeen;
} VW_DEVICE_EXTENSION, *PVW_DEVICE_EXTENSION;

typedef struct _VW_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    PDEVICE_OBJECT ControlDevice;
    FAST_MUTEX     AttachLock;        /* protects AttachedList */
    LIST_ENTRY     AttachedList;
    ULONG          AttachedCount;
    BOOLEAN        SymlinkCreated;
} VW_GLOBALS;

extern VW_GLOBALS g_Vw;

#define IS_VW_FILTER_DEVICE(_d)                                              \
    ((_d) != g_Vw.ControlDevice &&                                           \
     (_d)->DeviceExtension != NULL &&                                        \
     ((PVW_DEVICE_EXTENSION)(_d)->DeviceExtension)->Signature == VW_EXT_SIGNATURE)

#define VW_PRINT(_x_)   KdPrint(_x_)

/* attach.c */
DRIVER_FS_NOTIFICATION VwFsNotification;
NTSTATUS VwAttachToFileSystem(_In_ PDEVICE_OBJECT FsDevice);
VOID     VwDetachFromFileSystem(_In_ PDEVICE_OBJECT FsDevice);
VOID     VwDetachAll(VOID);
FAST_IO_DETACH_DEVICE VwFastIoDetachDevice;
