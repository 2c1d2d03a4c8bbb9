/*
 * fsmirror - mount watcher for the mirror daemon.  Legacy filter: we attach
 * to every file system control device so we see volumes come and go, and
 * report them to fsmirrord.  (The minifilter port lives in ../mf/.)
 */
#ifndef FSMIRROR_H
#define FSMIRROR_H

#include <ntifs.h>

#define FM_TAG              'rMsF'
#define FM_CDO_NAME         L"\\FileSystem\\Filters\\FsMirror"

#define FM_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "fsmirror: " fmt "\n", ##__VA_ARGS__)
#define FM_ERR(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fsmirror: " fmt "\n", ##__VA_ARGS__)

#define os_alloc(n)         ExAllocatePoolWithTag(NonPagedPoolNx, (n), FM_TAG)
#define os_free(p)          ExFreePoolWithTag((p), FM_TAG)

/* stays at PASSIVE_LEVEL, so IoCreateDevice/IoDeleteDevice are fine inside */
#define os_mutex_lock(m)    do { KeEnterCriticalRegion(); ExAcquireFastMutexUnsafe(m); } while (0)
#define os_mutex_unlock(m)  do { ExReleaseFastMutexUnsafe(m); KeLeaveCriticalRegion(); } while (0)

typedef struct _FM_EXT {
    LIST_ENTRY      Link;
    PDEVICE_OBJECT  Self;           /* our filter device */
    PDEVICE_OBJECT  AttachedTo;     /* what IoAttachDeviceToDeviceStackSafe gave back */
    PDEVICE_OBJECT  FsCdo;          /* the file system control device we watch */
} FM_EXT, *PFM_EXT;

typedef struct _FM_GLOBALS {
    PDRIVER_OBJECT      Driver;
    PDEVICE_OBJECT      Cdo;
    PFAST_IO_DISPATCH   FastIo;
    FAST_MUTEX          AttachLock;
    LIST_ENTRY          AttachList;
    ULONG               Attached;
} FM_GLOBALS;

extern FM_GLOBALS g_fm;

/* attach.c */
DRIVER_FS_NOTIFICATION FmFsNotification;
NTSTATUS fm_attach(PDEVICE_OBJECT FsCdo);
VOID     fm_detach(PFM_EXT Ext);
VOID     fm_detach_all(PLIST_ENTRY Detached);

#endif
