/*
 * ledpanel.h
 *
 * WDM function driver for the (software only) LED panel from the
 * driver course, chapter 6: "remove locks and device interfaces".
 * Install with devcon install ledpanel.inf Root\LedPanel
 */
#ifndef _LEDPANEL_H_
#define _LEDPANEL_H_

#include <wdm.h>

// {D4A1E6F2-58B3-4C0E-B7A9-1F2E3D4C5B6A}
DEFINE_GUID(GUID_DEVINTERFACE_LEDPANEL,
    0xd4a1e6f2, 0x58b3, 0x4c0e, 0xb7, 0xa9, 0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a);

#define LED_TAG             'PdeL'
#define LED_MAX_HISTORY     16
#define LED_COUNT           8

#define IOCTL_LED_SET_PATTERN   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LED_GET_PATTERN   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LedTrace(_x_)       KdPrint(_x_)

typedef enum _LED_STATE {
    LedNotStarted = 0,
    LedStarted,
    LedStopPending,
    LedStopped,
    LedRemovePending,
    LedSurpriseRemoved,
    LedRemoved
} LED_STATE;

// one entry of the pattern history, from the lookaside list
typedef struct _LED_CMD {
    LIST_ENTRY      Link;
    UCHAR           Pattern;
    LARGE_INTEGER   When;
} LED_CMD, *PLED_CMD;

typedef struct _LED_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;

    IO_REMOVE_LOCK  RemoveLock;
    LED_STATE       State;
    LED_STATE       PrevState;

    UNICODE_STRING  InterfaceName;
    BOOLEAN         InterfaceEnabled;

    KSPIN_LOCK      Lock;
    UCHAR           Pattern;
    LIST_ENTRY      History;
    ULONG           HistoryCount;
} LED_EXTENSION, *PLED_EXTENSION;

typedef struct _LED_GLOBALS {
    UNICODE_STRING          RegistryPath;
    NPAGED_LOOKASIDE_LIST   CmdLookaside;
} LED_GLOBALS;

extern LED_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE LedAddDevice;
DRIVER_UNLOAD     LedUnload;

_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH LedDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH LedDispatchPower;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH LedDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH LedDispatchIoctl;

VOID LedFlushHistory(_In_ PLED_EXTENSION Ext);

#endif
