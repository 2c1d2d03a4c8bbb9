/*
 * kbdhook.h - legacy keyboard class filter + log writer thread
 *
 * for the "windows internals" lab, do NOT run this on a real machine
 */
#ifndef KBDHOOK_H
#define KBDHOOK_H

#include <ntddk.h>
#include <ntddkbd.h>

#define KH_TAG              'kHbK'
#define KH_TARGET           L"\\Device\\KeyboardClass0"
#define KH_LOGFILE          L"\\??\\C:\\Windows\\Temp\\kbdhook.log"
#define KH_RING_SIZE        512

#define KDBG(x)   DbgPrint x

typedef struct _KH_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
} KH_EXTENSION, *PKH_EXTENSION;

typedef struct _KH_KEY {
    USHORT MakeCode;
    USHORT Flags;
} KH_KEY;

typedef struct _KH_GLOBALS {
    PDEVICE_OBJECT FilterDevice;
    volatile LONG  PendingReads;

    /* ring buffer filled by the completion routine, drained by the writer */
    KSPIN_LOCK     RingLock;
    KH_KEY         Ring[KH_RING_SIZE];
    ULONG          Head;
    ULONG          Tail;

    /* writer thread */
    KEVENT         StopEvent;
    KEVENT         DataEvent;
    PETHREAD       Writer;
} KH_GLOBALS;

extern KH_GLOBALS g_Kh;

/* writer.c */
NTSTATUS KhStartWriter(VOID);
VOID     KhStopWriter(VOID);
VOID     KhPushKey(USHORT MakeCode, USHORT Flags);   /* any IRQL <= DISPATCH */

#endif
