#ifndef LOOPNIC_H
#define LOOPNIC_H
/*
 * loopnic - virtual NDIS 6.30 miniport; every frame sent is dropped and
 * counted, link is always up. Used to test protocol binding code.
 */
#include <ndis.h>

#define LN_TAG            'cNpL'
#define LN_MTU            1500
#define LN_SPEED          (10ULL * 1000 * 1000 * 1000)
#define LN_STATS_PERIOD   (-10LL * 1000 * 1000 * 30)  /* 30s, relative */
#define LN_STATS_PERIOD_MS 30000

#define LNDBG(...)  KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, __VA_ARGS__))

typedef struct _LN_ADAPTER {
    NDIS_HANDLE  Handle;
    NDIS_HANDLE  NblPool;
    NDIS_HANDLE  StatsTimer;
    UCHAR        Mac[6];
    BOOLEAN      Running;
    LONG64       Sent;
} LN_ADAPTER, *PLN_ADAPTER;

extern NDIS_HANDLE g_LnDriverHandle;

MINIPORT_SET_OPTIONS              LnSetOptions;
MINIPORT_INITIALIZE               LnInitialize;
MINIPORT_HALT                     LnHalt;
MINIPORT_UNLOAD                   LnUnload;
MINIPORT_PAUSE                    LnPause;
MINIPORT_RESTART                  LnRestart;
MINIPORT_OID_REQUEST              LnOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS    LnSend;
MINIPORT_RETURN_NET_BUFFER_LISTS  LnReturn;
MINIPORT_CANCEL_SEND              LnCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY  LnPnpEvent;
MINIPORT_SHUTDOWN                 LnShutdown;
MINIPORT_CANCEL_OID_REQUEST       LnCancelOid;

#endif
