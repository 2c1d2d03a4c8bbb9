/*
 * hidbtn.h - HID minidriver for the front-panel button block of the
 *            Solvik SP-200 kiosk (memory mapped status register, polled)
 *
 * Copyright (c) 2021 Solvik AB
 */

#ifndef _HIDBTN_H_
#define _HIDBTN_H_

#include <wdm.h>
#include <hidport.h>

#define HB_TAG                  'nBdH'
#define HB_VID                  0x1A86
#define HB_PID                  0x7523
#define HB_VERSION              0x0200
#define HB_REG_BUTTONS          0x00
#define HB_REG_SPAN             0x10
#define HB_SERIAL_MAX_CCH       32

#define HB_LOG(_lvl, _fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, _lvl, "hidbtn: " _fmt "\n", __VA_ARGS__)
#define HB_INFO(_fmt, ...)      HB_LOG(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)
#define HB_ERR(_fmt, ...)       HB_LOG(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)

#define HB_MINI_EXT(_fdo) \
    ((PHB_EXTENSION)(((PHID_DEVICE_EXTENSION)(_fdo)->DeviceExtension)->MiniDeviceExtension))
#define HB_LOWER(_fdo) \
    (((PHID_DEVICE_EXTENSION)(_fdo)->DeviceExtension)->NextDeviceObject)

typedef struct _HB_GLOBALS {
    PWCHAR  pwszSerial;             /* from the service key, shown as HID serial */
    ULONG   cbSerial;
} HB_GLOBALS;

extern HB_GLOBALS g_HbGlobals;

typedef struct _HB_EXTENSION {
    PDEVICE_OBJECT      pFdo;
    volatile ULONG     *pulRegs;
    SIZE_T              cbRegs;
    BOOLEAN             bStarted;
} HB_EXTENSION, *PHB_EXTENSION;

#pragma pack(push, 1)
typedef struct _HB_INPUT_REPORT {
    UCHAR   ucReportId;
    UCHAR   ucButtons;
} HB_INPUT_REPORT;
#pragma pack(pop)

DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   HbAddDevice;
DRIVER_UNLOAD       HbUnload;

_Dispatch_type_(IRP_MJ_INTERNAL_DEVICE_CONTROL) DRIVER_DISPATCH HbInternalIoctl;
_Dispatch_type_(IRP_MJ_PNP)                     DRIVER_DISPATCH HbPnp;
_Dispatch_type_(IRP_MJ_POWER)                   DRIVER_DISPATCH HbPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)          DRIVER_DISPATCH HbPassThrough;

#endif
