/*
 * kbdflt.h - legacy keyboard class filter (scan code statistics)
 *
 * Attaches on top of \Device\KeyboardClass0 at load time. No PnP, no
 * AddDevice: this is the old "attach by name" trick from the books.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KF_TAG              'tlFK'
#define KF_TARGET_NAME      L"\\Device\\KeyboardClass0"
#define KF_UNLOAD_POLL_MS   100

#define KF_LOG(x)           DbgPrint x

typedef struct _KF_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;              /* what IoAttachDevice gave us */
    volatile LONG   KeysDown;
    volatile LONG   KeysUp;
    ULONG           LastScanCode;
} KF_EXTENSION, *PKF_EXTENSION;

extern PDEVICE_OBJECT g_KfDevice;
extern volatile LONG  g_KfPendingReads;   /* reads forwarded, completion not yet run */

DRIVER_DISPATCH        KfPassThrough;
DRIVER_DISPATCH        KfRead;
DRIVER_DISPATCH        KfPower;
IO_COMPLETION_ROUTINE  KfReadComplete;
