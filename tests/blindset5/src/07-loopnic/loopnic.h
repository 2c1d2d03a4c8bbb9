/*
 * loopnic.h - LoopNIC virtual Ethernet miniport (NDIS 6.30).
 *
 * Copyright (c) 2021 Northfold Networks.  All rights reserved.
 */
#pragma once

#include <ndis.h>

#define LN_NDIS_MAJOR_VERSION       6
#define LN_NDIS_MINOR_VERSION       30
#define LN_DRIVER_MAJOR_VERSION     1
#define LN_DRIVER_MINOR_VERSION     4

#define LN_TAG                      'cNnL'
#define LN_MAX_ADAPTERS             8
#define LN_MAX_FRAME_SIZE           1514
#define LN_LINK_SPEED               10000000000ULL

typedef struct _LN_ADAPTER {
    LIST_ENTRY          Link;
    NDIS_HANDLE         MiniportAdapterHandle;
    UCHAR               PermanentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    UCHAR               CurrentAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    ULONG               PacketFilter;
    ULONG               LookAhead;
    NDIS_SPIN_LOCK      Lock;
    ULONG64             FramesTx;
    ULONG64             FramesRx;
} LN_ADAPTER, *PLN_ADAPTER;

//
// Driver-wide state.  Allocated by LnGlobalsInitialize() before the miniport
// registers and released by LnGlobalsFree().
//
typedef struct _LN_GLOBALS {
    NDIS_HANDLE         DriverHandle;
    NDIS_SPIN_LOCK      AdapterListLock;
    LIST_ENTRY          AdapterList;
    ULONG               AdapterCount;
    ULONG               DefaultMtu;
    BOOLEAN             JumboEnabled;
} LN_GLOBALS, *PLN_GLOBALS;

extern PLN_GLOBALS g_Ln;

DRIVER_INITIALIZE DriverEntry;

MINIPORT_SET_OPTIONS            LnSetOptions;
MINIPORT_INITIALIZE             LnInitializeEx;
MINIPORT_HALT                   LnHaltEx;
MINIPORT_UNLOAD                 LnDriverUnload;
MINIPORT_PAUSE                  LnPause;
MINIPORT_RESTART                LnRestart;
MINIPORT_OID_REQUEST            LnOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS  LnSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS LnReturnNetBufferLists;
MINIPORT_CANCEL_SEND            LnCancelSend;
MINIPORT_CHECK_FOR_HANG         LnCheckForHang;
MINIPORT_RESET                  LnReset;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY LnDevicePnpEvent;
MINIPORT_SHUTDOWN               LnShutdownEx;
MINIPORT_CANCEL_OID_REQUEST     LnCancelOidRequest;

NDIS_STATUS LnGlobalsInitialize(VOID);
VOID        LnGlobalsFree(VOID);
NDIS_STATUS LnReadDriverParameters(_In_ NDIS_HANDLE DriverHandle);
