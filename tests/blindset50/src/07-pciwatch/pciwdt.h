/*
 * pciwdt.h - PCI watchdog timer card (WDM)
 *
 * Card: 8 bit I/O window at BAR0, one INTx line that fires on the
 * pre-timeout. The control device lets the service pet the dog.
 */
#ifndef PCIWDT_H
#define PCIWDT_H

#include <ntddk.h>
#include <wdm.h>

#define WDT_TAG                 'tdWP'
#define WDT_CTL_NAME            L"\\Device\\PciWdtCtl"
#define WDT_CTL_LINK            L"\\DosDevices\\PciWdt"

#define WDT_REG_CONTROL         0
#define WDT_REG_TIMEOUT         1
#define WDT_REG_STATUS          2
#define WDT_REG_KICK            3

#define WDT_CTRL_ENABLE         0x01
#define WDT_CTRL_PRETIMEOUT_IE  0x02
#define WDT_STATUS_PRETIMEOUT   0x01
#define WDT_KICK_MAGIC          0x5A

#define IOCTL_WDT_KICK          CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WDT_ARM           CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WDT_GET_STATS     CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KD(x)                   KdPrint(("pciwdt: ")); KdPrint(x)

enum { EXT_CONTROL = 0x4C544357, EXT_CARD = 0x44524357 };

typedef struct _WDT_STATS {
    ULONG   Kicks;
    ULONG   PreTimeouts;
    ULONG   Cards;
    ULONG   ShutdownSeen;
} WDT_STATS, *PWDT_STATS;

typedef struct _COMMON_EXT {
    ULONG   Kind;
} COMMON_EXT, *PCOMMON_EXT;

typedef struct _CARD_EXT {
    COMMON_EXT      Common;
    LIST_ENTRY      Link;
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    PUCHAR          Port;
    PKINTERRUPT     Interrupt;
    BOOLEAN         Started;
} CARD_EXT, *PCARD_EXT;

typedef struct _WDT_GLOBALS {
    PDEVICE_OBJECT  ControlDevice;
    PWDT_STATS      Stats;
    KSPIN_LOCK      CardLock;
    LIST_ENTRY      Cards;
} WDT_GLOBALS;

extern WDT_GLOBALS g_Wdt;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       WdtUnload;
DRIVER_ADD_DEVICE   WdtAddDevice;
KSERVICE_ROUTINE    WdtIsr;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH WdtDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)  DRIVER_DISPATCH WdtDispatchIoctl;
_Dispatch_type_(IRP_MJ_SHUTDOWN)        DRIVER_DISPATCH WdtDispatchShutdown;
_Dispatch_type_(IRP_MJ_PNP)             DRIVER_DISPATCH WdtDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER)           DRIVER_DISPATCH WdtDispatchPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)  DRIVER_DISPATCH WdtDispatchSystemControl;

VOID WdtDisarmAll(VOID);

#endif
