// vnic.h - Fabrikam virtual Ethernet adapter (NDIS 6.20 miniport)
#pragma once

#include <ndis.h>

#define VN_TAG                  'ciNV'
#define VN_NDIS_MAJOR           6
#define VN_NDIS_MINOR           20
#define VN_DRIVER_MAJOR         1
#define VN_DRIVER_MINOR         4
#define VN_ETH_ADDR_LEN         6
#define VN_ETH_HEADER_SIZE      14
#define VN_MTU                  1500
#define VN_LINK_SPEED           1000000000ULL       /* 1 Gbps */
#define VN_MAX_MCAST            32
#define VN_STATS_PERIOD_MS      2000
#define VN_VENDOR_DESC          "Fabrikam Virtual Ethernet Adapter"

#define VN_SUPPORTED_FILTERS    (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST | \
                                 NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST)
typedef struct _VN_GLOBALS {
    NDIS_HANDLE     DriverHandle;
    NDIS_SPIN_LOCK  AdapterListLock;
    LIST_ENTRY      AdapterList;
} VN_GLOBALS, *PVN_GLOBALS;

typedef struct _VN_ADAPTER {
    LIST_ENTRY      Link;
    NDIS_HANDLE     MiniportHandle;
    NDIS_HANDLE     StatsTimer;
    volatile LONG   Paused;
    UCHAR           PermanentAddress[VN_ETH_ADDR_LEN];
    UCHAR           CurrentAddress[VN_ETH_ADDR_LEN];
    ULONG           PacketFilter;
    ULONG           Lookahead;
    ULONG           McastCount;
    volatile LONG64 TxFrames;
    volatile LONG64 TxBytes;
    LONG64          TxFramesLastTick;
    ULONG           TxFramesPerSecond;
} VN_ADAPTER, *PVN_ADAPTER;

extern VN_GLOBALS g_Vn;

/* adapter.c */
MINIPORT_INITIALIZE                 VnInitializeEx;
MINIPORT_HALT                       VnHaltEx;
MINIPORT_PAUSE                      VnPause;
MINIPORT_RESTART                    VnRestart;
MINIPORT_SHUTDOWN                   VnShutdownEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY    VnDevicePnpEventNotify;

/* datapath.c */
MINIPORT_SEND_NET_BUFFER_LISTS      VnSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS    VnReturnNetBufferLists;
MINIPORT_CANCEL_SEND                VnCancelSend;
MINIPORT_OID_REQUEST                VnOidRequest;
MINIPORT_CANCEL_OID_REQUEST         VnCancelOidRequest;

extern const NDIS_OID VnSupportedOids[];
extern const ULONG VnSupportedOidsSize;
