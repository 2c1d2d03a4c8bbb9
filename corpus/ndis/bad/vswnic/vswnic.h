/*
 * vswnic.h - "vswnic" virtual Ethernet miniport used by the lab network
 * emulator: frames sent on one instance are delivered to its peer by the
 * emulator service instead of hardware.
 */

#pragma once

#include <ndis.h>

#define VSWNIC_TAG                  'cNwV'
#define VSWNIC_NDIS_MAJOR_VERSION   6
#define VSWNIC_NDIS_MINOR_VERSION   30
#define VSWNIC_DRIVER_MAJOR_VERSION 2
#define VSWNIC_DRIVER_MINOR_VERSION 4

typedef struct _VSWNIC_GLOBALS {
    NDIS_HANDLE     DriverHandle;
    NDIS_SPIN_LOCK  AdapterListLock;
    LIST_ENTRY      AdapterList;
} VSWNIC_GLOBALS;

extern VSWNIC_GLOBALS VswGlobals;

typedef struct _VSWNIC_ADAPTER {
    LIST_ENTRY  Link;
    NDIS_HANDLE MiniportHandle;
    BOOLEAN     Paused;
    ULONG64     FramesSent;
} VSWNIC_ADAPTER, *PVSWNIC_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

MINIPORT_INITIALIZE               VswInitializeEx;
MINIPORT_HALT                     VswHaltEx;
MINIPORT_UNLOAD                   VswDriverUnload;
MINIPORT_PAUSE                    VswPause;
MINIPORT_RESTART                  VswRestart;
MINIPORT_OID_REQUEST              VswOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS    VswSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS  VswReturnNetBufferLists;
MINIPORT_CANCEL_SEND              VswCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY  VswDevicePnpEventNotify;
MINIPORT_SHUTDOWN                 VswShutdownEx;
MINIPORT_CANCEL_OID_REQUEST       VswCancelOidRequest;
