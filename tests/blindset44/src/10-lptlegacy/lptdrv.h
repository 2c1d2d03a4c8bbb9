/*
 *  lptdrv.h -- legacy (non-PnP) driver for the Brandt LabelJet parallel
 *              interface card: raw byte output with BUSY/ACK handshake.
 *
 *  Copyright (c) 2009-2021 Brandt Etikettiertechnik
 */

#ifndef LPTDRV_H
#define LPTDRV_H

#include <ntddk.h>

#define LPT_TAG                 'tpLB'
#define LPT_NT_NAME             L"\\Device\\LabelJet0"
#define LPT_DOS_NAME            L"\\DosDevices\\LABELJET0"
#define LPT_DEFAULT_BASE        0x378
#define LPT_PORT_SPAN           3
#define LPT_STATUS_POLL_MS      50
#define LPT_BUSY_TIMEOUT_US     20000
#define LPT_BOUNCE_SIZE         2048

#define LPT_REG_DATA            0
#define LPT_REG_STATUS          1
#define LPT_REG_CONTROL         2

#define LPT_STS_NOT_BUSY        0x80
#define LPT_STS_ACK             0x40
#define LPT_STS_PAPER_OUT       0x20
#define LPT_STS_SELECT          0x10
#define LPT_STS_NOT_ERROR       0x08
#define LPT_CTL_STROBE          0x01
#define LPT_CTL_AUTOFEED        0x02
#define LPT_CTL_NOT_INIT        0x04
#define LPT_CTL_SELECT_IN       0x08

#define IOCTL_LPT_GET_STATUS \
    CTL_CODE(FILE_DEVICE_PARALLEL_PORT, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifdef DBG
#define LPT_DBG(_args_)   DbgPrint _args_
#else
#define LPT_DBG(_args_)
#endif

#define LPT_BAIL_IF(_cond_, _st_, _label_, _msg_)           \
    if (_cond_) {                                           \
        ntStatus = (_st_);                                  \
        DbgPrint("lptdrv: %s -> %08lx\n", _msg_, ntStatus); \
        goto _label_;                                       \
    }

typedef struct _LPT_EXTENSION {
    PDEVICE_OBJECT  pDevice;
    PUCHAR          pucBase;
    UNICODE_STRING  ustrNtName;
    UNICODE_STRING  ustrDosName;
    BOOLEAN         bLinkCreated;
    BOOLEAN         bResourcesClaimed;

    PUCHAR          pucBounce;          /* write staging buffer */
    FAST_MUTEX      fmWrite;

    KTIMER          stStatusTimer;
    KDPC            stStatusDpc;
    volatile LONG   lLastStatus;
    volatile LONG   lPaperOutEvents;
} LPT_EXTENSION, *PLPT_EXTENSION;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       LptUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)           DRIVER_DISPATCH LptCreateClose;
_Dispatch_type_(IRP_MJ_WRITE)           DRIVER_DISPATCH LptWrite;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)  DRIVER_DISPATCH LptDeviceControl;
KDEFERRED_ROUTINE                       LptStatusDpc;

#endif /* LPTDRV_H */
