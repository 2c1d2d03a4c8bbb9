/*
 * vnic.h - loopback virtual NIC (NDIS 6.20 miniport).
 *
 * Frames sent on one vnic adapter are indicated on its peer; used by
 * the test rig to exercise the protocol stack without hardware.
 */
#pragma once

#include <ndis.h>

#define VNIC_NDIS_MAJOR_VERSION     6
#define VNIC_NDIS_MINOR_VERSION     20
#define VNIC_MAJOR_DRIVER_VERSION   1
#define VNIC_MINOR_DRIVER_VERSION   3

#define VNIC_TAG                    'cinV'
#define VNIC_FRAME_TAG              'rfnV'
#define VNIC_MAX_FRAME_SIZE         1514
#define VNIC_HEADER_SIZE            14
#define VNIC_LINK_SPEED             10000000000ULL
#define VNIC_MAX_LOOKAHEAD          256
#define VNIC_RX_FRAMES              64

typedef struct _VNIC_FRAME {
    LIST_ENTRY  Link;
    ULONG       Length;
    UCHAR       Data[VNIC_MAX_FRAME_SIZE];
} VNIC_FRAME, *PVNIC_FRAME;

typedef struct _VNIC_ADAPTER {
    LIST_ENTRY          Link;
    NDIS_HANDLE         AdapterHandle;
    NDIS_SPIN_LOCK      Lock;
    UCHAR               PermanentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    UCHAR               CurrentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    ULONG               PacketFilter;
    ULONG               LookAhead;
    BOOLEAN             Paused;
    ULONG64             FramesSent;
    ULONG64             FramesReceived;
    struct _VNIC_ADAPTER *Peer;
} VNIC_ADAPTER, *PVNIC_ADAPTER;

typedef struct _VNIC_GLOBALS {
    NDIS_HANDLE                 DriverHandle;
    NDIS_SPIN_LOCK              Lock;
    LIST_ENTRY                  AdapterList;
    ULONG                       AdapterCount;
    NPAGED_LOOKASIDE_LIST       FrameLookaside;
    BOOLEAN                     LookasideReady;
} VNIC_GLOBALS, *PVNIC_GLOBALS;

extern VNIC_GLOBALS VnicGlobals;

/* miniport.c */
MINIPORT_SET_OPTIONS                VnicSetOptions;
MINIPORT_INITIALIZE                 VnicInitializeEx;
MINIPORT_HALT                       VnicHaltEx;
MINIPORT_PAUSE                      VnicPause;
MINIPORT_RESTART                    VnicRestart;
MINIPORT_OID_REQUEST                VnicOidRequest;
MINIPORT_CANCEL_OID_REQUEST         VnicCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS      VnicSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS    VnicReturnNetBufferLists;
MINIPORT_CANCEL_SEND                VnicCancelSend;
MINIPORT_CHECK_FOR_HANG             VnicCheckForHangEx;
MINIPORT_RESET                      VnicResetEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY    VnicDevicePnpEventNotify;
MINIPORT_SHUTDOWN                   VnicShutdownEx;

/* driver.c */
MINIPORT_UNLOAD                     VnicDriverUnload;
