/*
 * fsmon.h - FsMountMon, legacy (sfilter-style) file system filter that
 * attaches to every file system control device object and logs mount
 * requests. It does not attach to volumes.
 */
#ifndef __FSMON_H__
#define __FSMON_H__

#include <ntifs.h>

#define FSM_TAG             'MMsF'
#define FSM_CDO_NAME        L"\\FileSystem\\Filters\\FsMountMon"
#define FSM_CDO_NAME_OLD    L"\\FileSystem\\FsMountMonCdo"
#define FSM_UNLOAD_DRAIN_MS 5000

#define FSM_KDPRINT(_a_)    KdPrint(_a_)

#define IS_FSM_CDO(_d_)     ((_d_) == gFsm.ControlDevice)

typedef struct _FSM_DEVEXT {
    LIST_ENTRY      Link;
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  AttachedTo;     /* next lower device in the FS CDO stack */
    PDEVICE_OBJECT  FsCdo;          /* the file system CDO we were asked about */
} FSM_DEVEXT, *PFSM_DEVEXT;

typedef struct _FSM_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    PDEVICE_OBJECT      ControlDevice;
    FAST_MUTEX          AttachLock;
    LIST_ENTRY          AttachedList;
    PFAST_IO_DISPATCH   FastIo;
    volatile LONG       MountsSeen;
} FSM_GLOBALS;

extern FSM_GLOBALS gFsm;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       FsmUnload;

_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL)
DRIVER_DISPATCH     FsmFsControl;
DRIVER_DISPATCH     FsmPassThrough;

/* notify.c */
DRIVER_FS_NOTIFICATION FsmFsNotification;
VOID    FsmDetachAll(VOID);
VOID    FsmForgetDevice(_In_ PDEVICE_OBJECT FilterDevice);

/* fastio.c */
NTSTATUS FsmInitFastIo(_In_ PDRIVER_OBJECT DriverObject);
VOID     FsmFreeFastIo(_In_ PDRIVER_OBJECT DriverObject);

#endif
