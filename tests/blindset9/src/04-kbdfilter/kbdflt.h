/*
 * kbdflt - counts keystrokes by sitting on top of the keyboard class devices.
 * Based on what I learned from the old ctrl2cap / kbfiltr write-ups, but attached
 * by name (legacy style) so it can be started and stopped with sc.exe.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>
#include <ntstrsafe.h>

#define KF_TAG              'tlFK'
#define KF_MAX_KEYBOARDS    8

#define KF_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "kbdflt!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

typedef struct _KF_DEVICE_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;       /* top of the class device stack we attached to */
    ULONG          ClassIndex;
} KF_DEVICE_EXTENSION, *PKF_DEVICE_EXTENSION;

typedef struct _KF_GLOBALS {
    volatile LONG PendingReads; /* reads we put a completion routine on */
    volatile LONG KeyDowns;
    volatile LONG KeyUps;
    ULONG         AttachedCount;
} KF_GLOBALS;

extern KF_GLOBALS g_Kf;

/* dispatch.c */
DRIVER_DISPATCH KfDispatchPassThrough;
DRIVER_DISPATCH KfDispatchRead;
DRIVER_DISPATCH KfDispatchPower;
IO_COMPLETION_ROUTINE KfReadComplete;
