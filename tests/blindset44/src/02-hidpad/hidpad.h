/*
 * hidpad.h - HID minidriver for the Kestrel KP-8 gameport button panel
 *
 * (c) 2019-2023 Kestrel Controls.  Internal use.
 */

#ifndef _HIDPAD_H_
#define _HIDPAD_H_

#include <wdm.h>
#include <hidport.h>

#define MP_POOL_TAG             'dPpK'
#define MP_VENDOR_ID            0x2E8A
#define MP_PRODUCT_ID           0x1208
#define MP_VERSION              0x0103
#define MP_BUTTON_COUNT         8
#define MP_DEFAULT_POLL_MS      8
#define MP_PORT_SPAN            1

/* debug print helpers, compiled out in free builds */
#if DBG
#define MP_DBG(_fmt_, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "hidpad: " _fmt_ "\n", __VA_ARGS__)
#define MP_ERR(_fmt_, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "hidpad!ERR: " _fmt_ "\n", __VA_ARGS__)
#else
#define MP_DBG(_fmt_, ...)
#define MP_ERR(_fmt_, ...)
#endif

#define GET_MINIDRIVER_EXTENSION(_fdo_) \
    ((PMP_DEVICE_EXTENSION)(((PHID_DEVICE_EXTENSION)(_fdo_)->DeviceExtension)->MiniDeviceExtension))

#define GET_NEXT_DEVICE_OBJECT(_fdo_) \
    (((PHID_DEVICE_EXTENSION)(_fdo_)->DeviceExtension)->NextDeviceObject)

typedef struct _MP_READ_CONTEXT {
    LIST_ENTRY  leLink;
    PIRP        pIrp;
} MP_READ_CONTEXT, *PMP_READ_CONTEXT;

typedef struct _MP_GLOBALS {
    ULONG                   ulPollMs;
    NPAGED_LOOKASIDE_LIST   stReadLookaside;
    BOOLEAN                 bLookasideReady;
} MP_GLOBALS, *PMP_GLOBALS;

extern MP_GLOBALS g_MpGlobals;

typedef union _MP_REPORT {
    UCHAR   abRaw[2];
    struct { UCHAR bReportId; UCHAR bButtons; } s;
} MP_REPORT, *PMP_REPORT;

typedef struct _MP_DEVICE_EXTENSION {
    PDEVICE_OBJECT      pFdo;
    PUCHAR              pucPortBase;
    BOOLEAN             bStarted;
    BOOLEAN             bRemoved;
    KSPIN_LOCK          slReadLock;
    LIST_ENTRY          leReadQueue;
    KTIMER              stPollTimer;
    KDPC                stPollDpc;
    UCHAR               bLastButtons;
} MP_DEVICE_EXTENSION, *PMP_DEVICE_EXTENSION;

/* driver.c */
DRIVER_INITIALIZE       DriverEntry;
DRIVER_ADD_DEVICE       MpAddDevice;
DRIVER_UNLOAD           MpUnload;

/* hid.c */
_Dispatch_type_(IRP_MJ_INTERNAL_DEVICE_CONTROL) DRIVER_DISPATCH MpDispatchInternalIoctl;
_Dispatch_type_(IRP_MJ_PNP)                     DRIVER_DISPATCH MpDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER)                   DRIVER_DISPATCH MpDispatchPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)          DRIVER_DISPATCH MpDispatchPassThrough;
KDEFERRED_ROUTINE MpPollDpc;

#endif /* _HIDPAD_H_ */
