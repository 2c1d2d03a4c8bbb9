/*
 * vnetmp.h - virtual NDIS 6.20 Ethernet miniport. Transmit is a sink; the
 * "cable" comes up one second after every restart, which is what the test
 * harness for our link-state handling needs.
 */
#ifndef VNETMP_H
#define VNETMP_H

#define NDIS_MINIPORT_DRIVER 1
#define NDIS620_MINIPORT     1
#include <ndis.h>

/* WPP-style shim (no tmh in the hobby build) */
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_INFO        4
#define TRACE_INIT              0x1
#define TRACE_LINK              0x2
#define DoTraceMessage(flag, lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (lvl) <= TRACE_LEVEL_ERROR ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL, \
               "vnetmp(%x): " fmt "\n", (flag), __VA_ARGS__)

#define VN_TAG              'tenV'
#define VN_NDIS_MAJOR       6
#define VN_NDIS_MINOR       20
#define VN_MTU              1500
#define VN_LINK_SPEED       (10ULL * 1000 * 1000 * 1000)
#define VN_LINK_DELAY_MS    1000

typedef enum _VN_STATE {
    VnInitializing = 0,
    VnPaused,
    VnRunning,
    VnHalting
} VN_STATE;

typedef struct _VN_ADAPTER {
    LIST_ENTRY      Link;
    NDIS_HANDLE     MiniportHandle;
    NDIS_HANDLE     LinkTimer;
    volatile LONG   State;
    ULONG           PacketFilter;
    UCHAR           Mac[6];
    USHORT          Index;
    volatile LONG64 TxFrames;
} VN_ADAPTER, *PVN_ADAPTER;

typedef struct _VN_DRIVER {
    NDIS_HANDLE     DriverHandle;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Adapters;
    USHORT          NextIndex;
} VN_DRIVER;

extern VN_DRIVER VnDriver;

/* adapter.c */
MINIPORT_INITIALIZE              VnInitialize;
MINIPORT_HALT                    VnHalt;
MINIPORT_PAUSE                   VnPause;
MINIPORT_RESTART                 VnRestart;
MINIPORT_OID_REQUEST             VnOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS   VnSend;
MINIPORT_RETURN_NET_BUFFER_LISTS VnReturn;
MINIPORT_CANCEL_SEND             VnCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY VnPnpEvent;
MINIPORT_SHUTDOWN                VnShutdown;
MINIPORT_CANCEL_OID_REQUEST      VnCancelOid;

#endif
