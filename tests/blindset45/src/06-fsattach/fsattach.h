/*
 * fsattach - legacy file system filter (sfilter-style) that attaches to
 * every file system control device and logs mount requests.
 */
#ifndef FSATTACH_H
#define FSATTACH_H

#include <ntifs.h>

#define FA_TAG              'ttAF'
#define FA_CDO_NAME         L"\\FileSystem\\Filters\\FsAttach"
#define FA_CDO_NAME_OLD     L"\\FileSystem\\FsAttachCdo"
#define FA_UNLOAD_DELAY_MS  5000

#define FA_PRINT(fmt, ...)  KdPrint(("fsattach: " fmt "\n", __VA_ARGS__))
#define FA_ERR(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fsattach: " fmt "\n", __VA_ARGS__)

#define IS_FA_CDO(_dev)     ((_dev) == Globals.ControlDevice)

typedef struct _FA_DEVICE_EXTENSION {
    LIST_ENTRY      Link;
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  AttachedTo;     /* next lower device (the FS CDO or its top filter) */
    PDEVICE_OBJECT  FsCdo;          /* what we were asked to attach to */
} FA_DEVICE_EXTENSION, *PFA_DEVICE_EXTENSION;

typedef struct _FA_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    PDEVICE_OBJECT      ControlDevice;
    FAST_MUTEX          AttachLock;
    LIST_ENTRY          AttachedList;
    ULONG               AttachedCount;
} FA_GLOBALS;

extern FA_GLOBALS Globals;

/* fastio.c */
NTSTATUS FaFastIoInit(_In_ PDRIVER_OBJECT DriverObject);
VOID     FaFastIoUninit(_In_ PDRIVER_OBJECT DriverObject);

/* notify.c */
DRIVER_FS_NOTIFICATION FaFsNotification;
VOID FaDetachAll(_Out_ PLIST_ENTRY Detached);
VOID FaDeleteDetached(_Inout_ PLIST_ENTRY Detached);
VOID FaForgetDevice(_In_ PDEVICE_OBJECT FilterDevice);

#endif
