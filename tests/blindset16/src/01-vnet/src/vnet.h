/*
 * vnet.h - Shared declarations for the VNet virtual Ethernet miniport. Each adapter
 * instance is a port on an in-driver software switch; frames sent on one
 * port are delivered to every other port whose filter accepts them.
 *
 * Copyright (c) VNet Project Authors. All rights reserved.
 */

#pragma once

#include <ndis.h>
#include <ntstrsafe.h>

#define VNET_NDIS_MAJOR_VERSION     6
#define VNET_NDIS_MINOR_VERSION     30
#define VNET_DRIVER_MAJOR_VERSION   2
#define VNET_DRIVER_MINOR_VERSION   4

#define VNET_TAG_GLOBAL     'gNeV'
#define VNET_TAG_ADAPTER    'aNeV'
#define VNET_TAG_RCB        'rNeV'
#define VNET_TAG_PORTS      'pNeV'
#define VNET_TAG_FRAME      'fNeV'

#define VNET_MAX_PORTS              32
#define VNET_DEFAULT_MTU            1500
#define VNET_MAX_FRAME_SIZE         (VNET_DEFAULT_MTU + 18)
#define VNET_MAX_MCAST_LIST         32
#define VNET_LINK_SPEED             (10ULL * 1000 * 1000 * 1000)
#define VNET_MAX_RCB_DEPTH          256

#define VNET_SUPPORTED_FILTERS (NDIS_PACKET_TYPE_DIRECTED   | \
                                NDIS_PACKET_TYPE_MULTICAST  | \
                                NDIS_PACKET_TYPE_ALL_MULTICAST | \
                                NDIS_PACKET_TYPE_BROADCAST  | \
                                NDIS_PACKET_TYPE_PROMISCUOUS)

//
// Global flags recording which parts of VnetGlobalsInitialize completed.
//
#define VNET_GF_LIST_LOCK       0x00000001
#define VNET_GF_RCB_LOOKASIDE   0x00000002
#define VNET_GF_PORT_TABLE      0x00000004
#define VNET_GF_PARAMS          0x00000008
#define VNET_GF_MINIPORT        0x00000010

typedef struct _VNET_DRIVER_PARAMS {
    ULONG   MaxPorts;
    ULONG   RcbDepth;
    ULONG   DefaultMtu;
    BOOLEAN LoopbackSelf;
    BOOLEAN ForwardUnknownUnicast;
} VNET_DRIVER_PARAMS, *PVNET_DRIVER_PARAMS;

typedef enum _VNET_ADAPTER_STATE {
    VnetAdapterInitializing = 0,
    VnetAdapterPaused,
    VnetAdapterRestarting,
    VnetAdapterRunning,
    VnetAdapterPausing,
    VnetAdapterHalted
} VNET_ADAPTER_STATE;

typedef struct _VNET_ADAPTER VNET_ADAPTER, *PVNET_ADAPTER;

typedef struct _VNET_RCB {
    LIST_ENTRY          Link;
    PVNET_ADAPTER       Adapter;
    PNET_BUFFER_LIST    Nbl;
    PMDL                Mdl;
    ULONG               DataLength;
    UCHAR               Data[VNET_MAX_FRAME_SIZE];
} VNET_RCB, *PVNET_RCB;

struct _VNET_ADAPTER {
    LIST_ENTRY              GlobalLink;
    NDIS_HANDLE             MiniportAdapterHandle;
    NDIS_HANDLE             NblPool;
    ULONG                   PortIndex;
    volatile LONG           RefCount;
    VNET_ADAPTER_STATE      State;
    NDIS_SPIN_LOCK          Lock;

    UCHAR                   PermanentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    UCHAR                   CurrentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    ULONG                   PacketFilter;
    ULONG                   LookAhead;
    ULONG                   Mtu;
    ULONG                   McastCount;
    UCHAR                   McastList[VNET_MAX_MCAST_LIST][ETH_LENGTH_OF_ADDRESS];

    NDIS_MEDIA_CONNECT_STATE MediaState;

    volatile LONG           PendingReceives;
    NDIS_EVENT              ReceivesDrained;

    ULONG64                 FramesTx;
    ULONG64                 FramesRx;
    ULONG64                 BytesTx;
    ULONG64                 BytesRx;
    ULONG64                 TxDropped;
    ULONG64                 RxDropped;
};

typedef struct _VNET_GLOBALS {
    ULONG                   Flags;
    NDIS_HANDLE             MiniportDriverHandle;
    PDRIVER_OBJECT          DriverObject;

    NDIS_SPIN_LOCK          AdapterListLock;
    LIST_ENTRY              AdapterList;
    ULONG                   AdapterCount;

    NPAGED_LOOKASIDE_LIST   RcbLookaside;

    PVNET_ADAPTER          *PortTable;
    ULONG                   PortTableSize;

    VNET_DRIVER_PARAMS      Params;
} VNET_GLOBALS, *PVNET_GLOBALS;

extern VNET_GLOBALS  VnetGlobalData;
extern PVNET_GLOBALS g_Vnet;

//
// globals.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
VnetGlobalsInitialize(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
VnetGlobalsCleanup(
    VOID
    );

NDIS_STATUS
VnetPortTableInsert(
    _In_ PVNET_ADAPTER Adapter
    );

VOID
VnetPortTableRemove(
    _In_ PVNET_ADAPTER Adapter
    );

//
// adapter.c
//
MINIPORT_INITIALIZE         VnetMiniportInitializeEx;
MINIPORT_HALT               VnetMiniportHaltEx;
MINIPORT_PAUSE              VnetMiniportPause;
MINIPORT_RESTART            VnetMiniportRestart;
MINIPORT_SEND_NET_BUFFER_LISTS  VnetMiniportSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS VnetMiniportReturnNetBufferLists;
MINIPORT_CANCEL_SEND        VnetMiniportCancelSend;
MINIPORT_CHECK_FOR_HANG     VnetMiniportCheckForHangEx;
MINIPORT_RESET              VnetMiniportResetEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY VnetMiniportDevicePnpEventNotify;
MINIPORT_SHUTDOWN           VnetMiniportShutdownEx;

VOID
VnetAdapterReference(
    _In_ PVNET_ADAPTER Adapter
    );

VOID
VnetAdapterDereference(
    _In_ PVNET_ADAPTER Adapter
    );

//
// oid.c
//
MINIPORT_OID_REQUEST        VnetMiniportOidRequest;
MINIPORT_CANCEL_OID_REQUEST VnetMiniportCancelOidRequest;

NDIS_STATUS
VnetSetGeneralAttributes(
    _In_ PVNET_ADAPTER Adapter
    );
