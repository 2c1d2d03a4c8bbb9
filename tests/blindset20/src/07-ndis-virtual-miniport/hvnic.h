/*++

Copyright (c) Proseware Virtualization.  All rights reserved.

Module Name:

    hvnic.h

Abstract:

    Software loopback Ethernet adapter (NDIS 6 miniport).  Frames sent
    to an adapter are copied into pre-allocated receive blocks and
    indicated back up from a timer DPC, which is enough for protocol and
    filter test benches.

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#pragma once

#include <ndis.h>
#include <ntstrsafe.h>

#if defined(NDIS630_MINIPORT)
#define HVN_NDIS_MAJOR_VERSION  6
#define HVN_NDIS_MINOR_VERSION  30
#elif defined(NDIS620_MINIPORT)
#define HVN_NDIS_MAJOR_VERSION  6
#define HVN_NDIS_MINOR_VERSION  20
#else
#error "Define NDIS620_MINIPORT or NDIS630_MINIPORT"
#endif

#define HVN_DRIVER_MAJOR_VERSION    2
#define HVN_DRIVER_MINOR_VERSION    4

#define HVN_TAG                 'nvHP'
#define HVN_TAG_RCB             'rvHP'
#define HVN_TAG_MACPOOL         'mvHP'

#define HVN_MAX_ADAPTERS        64
#define HVN_MAC_ADDRESS_LENGTH  6
#define HVN_MTU                 1500
#define HVN_HEADER_SIZE         14
#define HVN_MAX_FRAME_SIZE      (HVN_MTU + HVN_HEADER_SIZE)
#define HVN_LINK_SPEED          10000000000ULL       // 10 Gb/s
#define HVN_RECEIVE_BLOCKS      128
#define HVN_MAX_MULTICAST       32
#define HVN_RECEIVE_DELAY_MS    1

#define HVN_SUPPORTED_FILTERS   (NDIS_PACKET_TYPE_DIRECTED   | \
                                 NDIS_PACKET_TYPE_MULTICAST  | \
                                 NDIS_PACKET_TYPE_ALL_MULTICAST | \
                                 NDIS_PACKET_TYPE_BROADCAST  | \
                                 NDIS_PACKET_TYPE_PROMISCUOUS)

//
// Logging.
//
#if DBG
#define HVN_LOG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "hvnic: " _fmt "\n", __VA_ARGS__)
#define HVN_ERR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "hvnic: " _fmt "\n", __VA_ARGS__)
#else
#define HVN_LOG(_fmt, ...) ((void)0)
#define HVN_ERR(_fmt, ...) ((void)0)
#endif

//
// Receive control block: one pre-built NBL over a private frame buffer.
//
typedef struct _HVN_RCB {
    LIST_ENTRY          Link;
    PNET_BUFFER_LIST    Nbl;
    PMDL                Mdl;
    UCHAR               Data[HVN_MAX_FRAME_SIZE];
} HVN_RCB, *PHVN_RCB;

#define HVN_RCB_FROM_NBL(_nbl) (*(PHVN_RCB *)&NET_BUFFER_LIST_MINIPORT_RESERVED(_nbl)[0])

typedef enum _HVN_ADAPTER_STATE {
    HvnAdapterInitializing = 0,
    HvnAdapterPaused,
    HvnAdapterRunning,
    HvnAdapterPausing,
    HvnAdapterHalted
} HVN_ADAPTER_STATE;

typedef struct _HVN_ADAPTER {
    LIST_ENTRY          Link;
    NDIS_HANDLE         AdapterHandle;
    ULONG               Index;

    NDIS_SPIN_LOCK      Lock;
    HVN_ADAPTER_STATE   State;

    UCHAR               PermanentAddress[HVN_MAC_ADDRESS_LENGTH];
    UCHAR               CurrentAddress[HVN_MAC_ADDRESS_LENGTH];
    ULONG               PacketFilter;
    ULONG               LookAhead;
    ULONG               MulticastCount;
    UCHAR               MulticastList[HVN_MAX_MULTICAST][HVN_MAC_ADDRESS_LENGTH];

    //
    // Receive path.
    //
    NDIS_HANDLE         RecvNblPool;
    PHVN_RCB            RcbArray;
    LIST_ENTRY          FreeRcbList;
    LIST_ENTRY          PendingRcbList;
    volatile LONG       RcbsIndicated;      // owned by the stack
    NDIS_HANDLE         RecvTimer;
    NDIS_EVENT          RecvIdleEvent;

    //
    // Statistics.
    //
    ULONG64             FramesTransmitted;
    ULONG64             BytesTransmitted;
    ULONG64             FramesReceived;
    ULONG64             BytesReceived;
    ULONG64             TransmitDiscards;
    ULONG64             ReceiveNoBuffer;
} HVN_ADAPTER, *PHVN_ADAPTER;

//
// Driver globals.
//
typedef struct _HVN_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     MiniportDriverHandle;

    NDIS_SPIN_LOCK  AdapterListLock;
    BOOLEAN         AdapterListLockAllocated;
    LIST_ENTRY      AdapterList;

    //
    // Index pool used to derive locally administered MAC addresses.
    //
    RTL_BITMAP      IndexBitmap;
    PULONG          IndexBitmapBuffer;
} HVN_GLOBALS, *PHVN_GLOBALS;

extern HVN_GLOBALS g_Hvn;

//
// miniport.c
//
DRIVER_INITIALIZE DriverEntry;
MINIPORT_DRIVER_UNLOAD HvnDriverUnload;
MINIPORT_SET_OPTIONS HvnSetOptions;

_IRQL_requires_max_(DISPATCH_LEVEL)
BOOLEAN
HvnAllocateAdapterIndex(
    _Out_ PULONG Index
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
HvnFreeAdapterIndex(
    _In_ ULONG Index
    );

//
// adapter.c
//
MINIPORT_INITIALIZE HvnInitializeEx;
MINIPORT_HALT HvnHaltEx;
MINIPORT_PAUSE HvnPause;
MINIPORT_RESTART HvnRestart;
MINIPORT_SHUTDOWN HvnShutdownEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY HvnDevicePnpEventNotify;
MINIPORT_CHECK_FOR_HANG HvnCheckForHangEx;
MINIPORT_RESET HvnResetEx;

//
// oid.c
//
MINIPORT_OID_REQUEST HvnOidRequest;
MINIPORT_CANCEL_OID_REQUEST HvnCancelOidRequest;

extern NDIS_OID HvnSupportedOids[];
extern ULONG HvnSupportedOidsLength;

//
// datapath.c
//
MINIPORT_SEND_NET_BUFFER_LISTS HvnSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS HvnReturnNetBufferLists;
MINIPORT_CANCEL_SEND HvnCancelSend;

NDIS_TIMER_FUNCTION HvnReceiveTimerFunction;

_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
HvnAllocateReceiveResources(
    _Inout_ PHVN_ADAPTER Adapter
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
HvnFreeReceiveResources(
    _Inout_ PHVN_ADAPTER Adapter
    );
