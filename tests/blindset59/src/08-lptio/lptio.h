/*
 * lptio.h - legacy parallel port bit-banger (relay board on LPT1)
 *
 * Not PnP. Installed as a demand-start kernel service:
 *   sc create lptio type= kernel start= demand binPath= ...\lptio.sys
 */
#ifndef __LPTIO_H__
#define __LPTIO_H__

#include <ntddk.h>

#define LPT_DEVICE_NAME     L"\\Device\\LptIo"
#define LPT_LINK_NAME       L"\\DosDevices\\LptIo"

#define LPT_DEFAULT_BASE    0x378
#define LPT_DATA_OFFSET     0
#define LPT_STATUS_OFFSET   1
#define LPT_CONTROL_OFFSET  2

#define LPT_IOCTL_BASE      0x0A00
#define IOCTL_LPT_WRITE_DATA    CTL_CODE(FILE_DEVICE_UNKNOWN, LPT_IOCTL_BASE + 0, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LPT_READ_STATUS   CTL_CODE(FILE_DEVICE_UNKNOWN, LPT_IOCTL_BASE + 1, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LPT_WRITE_CONTROL CTL_CODE(FILE_DEVICE_UNKNOWN, LPT_IOCTL_BASE + 2, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LPT_READ_DATA     CTL_CODE(FILE_DEVICE_UNKNOWN, LPT_IOCTL_BASE + 3, METHOD_BUFFERED, FILE_READ_ACCESS)

#if DBG
#define LPTDBG(x)   DbgPrint x
#else
#define LPTDBG(x)
#endif

typedef struct _LPT_EXTENSION {
    PDEVICE_OBJECT  Self;
    ULONG           BasePort;
    UCHAR           LastData;
    UCHAR           LastControl;
    KSPIN_LOCK      PortLock;
    BOOLEAN         ShutdownSeen;
} LPT_EXTENSION, *PLPT_EXTENSION;

typedef union _LPT_STATUS_BITS {
    UCHAR Raw;
    struct {
        UCHAR Reserved : 3;
        UCHAR NotError : 1;
        UCHAR Select   : 1;
        UCHAR PaperOut : 1;
        UCHAR NotAck   : 1;
        UCHAR NotBusy  : 1;
    } Bits;
} LPT_STATUS_BITS;

/* ioctl.c */
DRIVER_DISPATCH LptDeviceControl;
VOID  LptWriteData(PLPT_EXTENSION Ext, UCHAR Value);
UCHAR LptReadStatus(PLPT_EXTENSION Ext);
BOOLEAN LptIsKnownBase(ULONG Base);

#endif /* __LPTIO_H__ */
