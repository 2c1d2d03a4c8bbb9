/*
 * kbdsniff - tiny keyboard filter, attaches on top of KeyboardClass0
 * and dumps scan codes to the debugger.  For the OS internals lab.
 *
 * build: WDK, "Empty WDM Driver" project, x64 Debug
 * load : sc create kbdsniff type= kernel binPath= C:\drv\kbdsniff.sys
 *        sc start kbdsniff
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KBS_POOL_TAG        'snbK'
#define KBS_TARGET_NAME     L"\\Device\\KeyboardClass0"

#define KBS_DBG 1

#if KBS_DBG
#define KBS_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[kbdsniff] " fmt, __VA_ARGS__)
#else
#define KBS_LOG(fmt, ...)
#endif

/* how long unload sleeps between checks of the pending counter (100ns units) */
#define KBS_UNLOAD_POLL     (-10 * 1000 * 50)   /* 50 ms */

typedef struct _KBS_DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  LowerDevice;     /* what IoAttachDevice handed back */
    BOOLEAN         Removed;
} KBS_DEVICE_EXTENSION, *PKBS_DEVICE_EXTENSION;

/* kbdsniff.c */
DRIVER_INITIALIZE       DriverEntry;
DRIVER_UNLOAD           KbsUnload;
DRIVER_DISPATCH         KbsDispatchPass;
DRIVER_DISPATCH         KbsDispatchRead;
DRIVER_DISPATCH         KbsDispatchPower;
DRIVER_DISPATCH         KbsDispatchPnp;
IO_COMPLETION_ROUTINE   KbsReadComplete;

extern volatile LONG    g_KbsPendingReads;
extern ULONG            g_KbsKeysSeen;

/* scancode.c */
PCSTR   KbsScanCodeName(USHORT MakeCode);
VOID    KbsDumpKeys(PKEYBOARD_INPUT_DATA Keys, ULONG Count, PULONG Total);
