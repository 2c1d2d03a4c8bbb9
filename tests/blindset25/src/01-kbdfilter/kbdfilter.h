/*
 * kbdfilter - tiny keyboard filter for learning purposes
 *
 * Attaches on top of \Device\KeyboardClass0 with IoAttachDevice and dumps
 * every scan code it sees to the debugger. Load with:
 *    sc create kbdfilter type= kernel binPath= C:\drivers\kbdfilter.sys
 *    sc start kbdfilter
 *
 * Only tested on a Win10 VM with a PS/2 keyboard.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KF_POOL_TAG        'fdbK'
#define KF_TARGET_DEVICE   L"\\Device\\KeyboardClass0"
#define KF_HISTORY_SIZE    32

#define KfPrint(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[kbdfilter] " fmt "\n", __VA_ARGS__)

typedef struct _KF_DEVICE_EXTENSION {
    PDEVICE_OBJECT LowerDevice;      /* what IoAttachDevice gave us back       */
    ULONG          KeysSeen;         /* total KEYBOARD_INPUT_DATA records seen */
    USHORT         History[KF_HISTORY_SIZE];
    ULONG          HistoryNext;
    KSPIN_LOCK     HistoryLock;
} KF_DEVICE_EXTENSION, *PKF_DEVICE_EXTENSION;

/* number of IRP_MJ_READ requests that still have our completion routine set */
extern volatile LONG g_PendingReads;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     KfUnload;

_Dispatch_type_(IRP_MJ_READ)  DRIVER_DISPATCH KfDispatchRead;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH KfDispatchPower;
DRIVER_DISPATCH KfDispatchPassThrough;

IO_COMPLETION_ROUTINE KfReadComplete;

const char *KfScanCodeName(USHORT MakeCode);
