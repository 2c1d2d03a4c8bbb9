#pragma once
/*
 * vnicmp - NDIS 6.20 virtual ethernet miniport, loops every sent frame back
 * as "received" after a short delay. Hobby project, not for production.
 */
#include <ndis.h>

#define VNIC_POOL_TAG        'ciNV'
#define VNIC_MTU             1500
#define VNIC_LINK_SPEED      1000000000ULL
#define VNIC_MAC_LEN         6
#define VNIC_CHECK_HANG_SECS 4

#define VNIC_NDIS_MAJOR      6
#define VNIC_NDIS_MINOR      20

#if DBG
#define VTRACE(...)  DbgPrint("vnicmp: " __VA_ARGS__)
#else
#define VTRACE(...)  ((void)0)
#endif

typedef struct _VNIC_ADAPTER {
    NDIS_HANDLE   MiniportHandle;
    NDIS_HANDLE   NblPool;
    NDIS_HANDLE   LinkTimer;
    UCHAR         PermanentMac[VNIC_MAC_LEN];
    UCHAR         CurrentMac[VNIC_MAC_LEN];
    ULONG         PacketFilter;
    BOOLEAN       Paused;
    ULONG64       TxOk;
} VNIC_ADAPTER, *PVNIC_ADAPTER;

typedef struct _VNIC_DRIVER {
    NDIS_HANDLE   MiniportDriverHandle;
    ULONG         AdapterCount;
} VNIC_DRIVER;

extern VNIC_DRIVER g_Vnic;
extern NDIS_OID    g_VnicSupportedOids[];
extern ULONG       g_VnicSupportedOidsSize;

MINIPORT_INITIALIZE               VnicInitializeEx;
MINIPORT_HALT                     VnicHaltEx;
MINIPORT_PAUSE                    VnicPause;
MINIPORT_RESTART                  VnicRestart;
MINIPORT_OID_REQUEST              VnicOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS    VnicSendNbls;
MINIPORT_RETURN_NET_BUFFER_LISTS  VnicReturnNbls;
MINIPORT_CANCEL_SEND              VnicCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY  VnicPnpEvent;
MINIPORT_SHUTDOWN                 VnicShutdownEx;
MINIPORT_CANCEL_OID_REQUEST       VnicCancelOid;
