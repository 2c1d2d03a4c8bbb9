/*
 * pktcount - NDIS 6 lightweight filter that just counts frames and bytes
 * per adapter and folds them into driver-wide totals when an adapter
 * goes away. Pass-through everywhere, no OID handling.
 */
#pragma once

#ifndef NDIS630
#define NDIS630 1
#endif

#include <ndis.h>

#define PC_NDIS_MAJOR        6
#define PC_NDIS_MINOR        30

#define PC_CTX_TAG           'xCcP'
#define PC_TOTALS_TAG        'tTcP'
#define PC_MODULE_TAG        'mMcP'

#define PC_FRIENDLY_NAME     L"Packet Counter LWF"
#define PC_UNIQUE_NAME       L"{8f1e7c2a-5b3d-4e61-9a0c-2d7b4f6e1c93}"
#define PC_SERVICE_NAME      L"pktcount"

typedef enum _PC_STATE {
    PcStatePaused = 0,
    PcStateRunning
} PC_STATE;

typedef struct _PC_MODULE {
    LIST_ENTRY       Link;
    NDIS_HANDLE      FilterHandle;
    NET_IFINDEX      IfIndex;
    volatile PC_STATE State;
    volatile LONG64  TxFrames;
    volatile LONG64  TxBytes;
    volatile LONG64  RxFrames;
    volatile LONG64  RxBytes;
} PC_MODULE, *PPC_MODULE;

typedef struct _PC_DRIVER_CTX {
    NDIS_SPIN_LOCK Lock;
    LIST_ENTRY     Modules;
    ULONG          ModuleCount;
} PC_DRIVER_CTX, *PPC_DRIVER_CTX;

typedef struct _PC_TOTALS {
    volatile LONG64 TxFrames;
    volatile LONG64 TxBytes;
    volatile LONG64 RxFrames;
    volatile LONG64 RxBytes;
    volatile LONG   ModulesDetached;
} PC_TOTALS, *PPC_TOTALS;

extern NDIS_HANDLE    g_FilterDriverHandle;
extern PPC_DRIVER_CTX g_Ctx;
extern PPC_TOTALS     g_Totals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PcUnload;

FILTER_ATTACH PcAttach;
FILTER_DETACH PcDetach;
FILTER_RESTART PcRestart;
FILTER_PAUSE PcPause;

/* datapath.c */
FILTER_SEND_NET_BUFFER_LISTS PcSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE PcSendNblsComplete;
FILTER_CANCEL_SEND_NET_BUFFER_LISTS PcCancelSend;
FILTER_RECEIVE_NET_BUFFER_LISTS PcReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS PcReturnNbls;
