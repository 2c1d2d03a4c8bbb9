/* vminiport - NDIS 6.30 software Ethernet miniport; transmits are counted and dropped */
#pragma once

#include <ndis.h>

#define MP_NDIS_MAJOR_VERSION       6
#define MP_NDIS_MINOR_VERSION       30
#define MP_DRIVER_MAJOR_VERSION     2
#define MP_DRIVER_MINOR_VERSION     4

#define MP_TAG                      'PMnV'
#define MP_MTU                      1500
#define MP_LINK_SPEED               1000000000ULL
#define MP_WATCHDOG_PERIOD_MS       2000
#define MP_DEFAULT_MAX_ADAPTERS     8

/* g_Mp.InitFlags: which global resources are live */
#define MP_INIT_LOCK                0x0001
#define MP_INIT_REGPATH             0x0002
#define MP_INIT_REGISTERED          0x0004
#define MP_INIT_WATCHDOG            0x0008

typedef struct _MP_GLOBALS {
    NDIS_HANDLE     DriverHandle;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      AdapterList;
    ULONG           AdapterCount;
    ULONG           MaxAdapters;
    NDIS_HANDLE     WatchdogTimer;
    UNICODE_STRING  RegistryPath;       /* private, NUL terminated copy */
    ULONG           InitFlags;
} MP_GLOBALS, *PMP_GLOBALS;

typedef enum _MP_STATE { MpStatePaused = 0, MpStateRunning } MP_STATE;

typedef struct _MP_ADAPTER {
    LIST_ENTRY      Link;
    NDIS_HANDLE     MiniportHandle;
    MP_STATE        State;
    UCHAR           MacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    ULONG           PacketFilter;
    volatile LONG64 TxFrames;
    LONG64          TxFramesAtLastTick;
} MP_ADAPTER, *PMP_ADAPTER;

extern MP_GLOBALS g_Mp;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
MINIPORT_UNLOAD   MpDriverUnload;
ULONG MpQueryMaxAdapters(VOID);

/* adapter.c */
MINIPORT_INITIALIZE                MpInitializeEx;
MINIPORT_HALT                      MpHaltEx;
MINIPORT_PAUSE                     MpPause;
MINIPORT_RESTART                   MpRestart;
MINIPORT_OID_REQUEST               MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS     MpSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS   MpReturnNetBufferLists;
MINIPORT_CANCEL_SEND               MpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY   MpDevicePnPEventNotify;
MINIPORT_SHUTDOWN                  MpShutdownEx;
MINIPORT_CANCEL_OID_REQUEST        MpCancelOidRequest;
