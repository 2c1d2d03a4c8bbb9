#pragma once
//
// vnic: an NDIS 6.20 virtual Ethernet miniport that is always "connected"
// and silently eats whatever it is asked to send. Skeleton for later
// experiments (a TAP-like adapter).
//
#ifndef NDIS620_MINIPORT
#define NDIS620_MINIPORT 1     // normally from the .vcxproj
#endif
#ifndef NDIS_WDM
#define NDIS_WDM 1
#endif
#include <ndis.h>

#define VNIC_TAG              'ciNV'
#define VNIC_NDIS_MAJOR       6
#define VNIC_NDIS_MINOR       20
#define VNIC_MTU              1500
#define VNIC_LINK_SPEED       1000000000ULL     // 1 Gbps, bits per second
#define VNIC_MAX_MULTICAST    32

#define VLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "vnic: " fmt "\n", __VA_ARGS__)

typedef struct _VNIC_DRIVER {
    NDIS_HANDLE MiniportDriverHandle;
    LONG        AdapterCount;
} VNIC_DRIVER, *PVNIC_DRIVER;

typedef enum _VNIC_STATE {
    VnicStateInitializing,
    VnicStatePaused,
    VnicStateRunning,
    VnicStateHalted
} VNIC_STATE;

typedef struct _VNIC_ADAPTER {
    NDIS_HANDLE  AdapterHandle;
    VNIC_STATE   State;
    UCHAR        PermanentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    UCHAR        CurrentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    ULONG        PacketFilter;
    ULONG64      FramesSent;
    ULONG64      FramesDropped;
} VNIC_ADAPTER, *PVNIC_ADAPTER;

extern VNIC_DRIVER g_Vnic;

// miniport.c
MINIPORT_INITIALIZE              VnicInitializeEx;
MINIPORT_HALT                    VnicHaltEx;
MINIPORT_DRIVER_UNLOAD           VnicDriverUnload;
MINIPORT_PAUSE                   VnicPause;
MINIPORT_RESTART                 VnicRestart;
MINIPORT_SEND_NET_BUFFER_LISTS   VnicSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS VnicReturnNetBufferLists;
MINIPORT_CANCEL_SEND             VnicCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY VnicDevicePnpEvent;
MINIPORT_SHUTDOWN                VnicShutdownEx;
MINIPORT_RESET                   VnicResetEx;
MINIPORT_CHECK_FOR_HANG          VnicCheckForHangEx;

// oid.c
MINIPORT_OID_REQUEST             VnicOidRequest;
MINIPORT_CANCEL_OID_REQUEST      VnicCancelOidRequest;
extern NDIS_OID g_VnicSupportedOids[];
extern ULONG    g_VnicSupportedOidCount;
