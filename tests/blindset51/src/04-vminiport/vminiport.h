/* vminiport - virtual NDIS 6.20 Ethernet miniport ("VMP Loopback NIC") */
#pragma once

#define NDIS_MINIPORT_DRIVER 1
#define NDIS620_MINIPORT 1
#include <ndis.h>
#include "trace.h"

#define VMP_TAG                 'pmVV'
#define VMP_NDIS_MAJOR          6
#define VMP_NDIS_MINOR          20
#define VMP_DRV_MAJOR           0
#define VMP_DRV_MINOR           9

#define VMP_MTU                 1500
#define VMP_FRAME_MAX           (VMP_MTU + 14)
#define VMP_LINK_SPEED          1000000000ULL
#define VMP_MAX_MCAST           32
#define VMP_ECHO_MODE_DEFAULT   TRUE

#define VMP_SUPPORTED_FILTERS   (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST | NDIS_PACKET_TYPE_BROADCAST)

typedef enum _VMP_STATE { VmpInitializing, VmpPaused, VmpRunning, VmpHalted } VMP_STATE;

typedef struct _VMP_ADAPTER {
    LIST_ENTRY          Link;
    NDIS_HANDLE         MiniportHandle;
    VMP_STATE           State;
    BOOLEAN             EchoMode;
    ULONG               PacketFilter;
    UCHAR               MacAddress[6];

    NDIS_HANDLE         RecvNblPool;
    PNET_BUFFER_LIST    EchoNbl;
    PMDL                EchoMdl;
    PUCHAR              EchoFrame;
    volatile LONG       EchoBusy;

    volatile LONG64     FramesTx;
    volatile LONG64     FramesRx;
} VMP_ADAPTER, *PVMP_ADAPTER;

typedef struct _VMP_GLOBALS {
    NDIS_HANDLE     DriverHandle;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      AdapterList;
    ULONG           AdapterCount;
    ULONG           NextMacSuffix;
} VMP_GLOBALS, *PVMP_GLOBALS;

extern VMP_GLOBALS g_Vmp;

MINIPORT_INITIALIZE                 VmpInitializeEx;
MINIPORT_HALT                       VmpHaltEx;
MINIPORT_PAUSE                      VmpPause;
MINIPORT_RESTART                    VmpRestart;
MINIPORT_OID_REQUEST                VmpOidRequest;
MINIPORT_CANCEL_OID_REQUEST         VmpCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS      VmpSendNbls;
MINIPORT_RETURN_NET_BUFFER_LISTS    VmpReturnNbls;
MINIPORT_CANCEL_SEND                VmpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY    VmpPnpEventNotify;
MINIPORT_SHUTDOWN                   VmpShutdownEx;
extern PNDIS_OID    VmpOidList;
extern ULONG        VmpOidListSize;
