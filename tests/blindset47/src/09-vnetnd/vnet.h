/*
 * vnetnd - overlay network virtual port, NDIS 6.20 miniport.
 *
 * Shared with the BSD/Linux ports: vnet_core.h (not in this directory),
 * which only needs the os_* shims below.
 */
#ifndef VNET_H
#define VNET_H

#ifndef _WIN32
#error "vnet.h here is the NT variant"
#endif

#include <ndis.h>

#define VNET_TAG            'tenV'
#define VNET_MTU            2800
#define VNET_FRAME_MAX      (VNET_MTU + 14)
#define VNET_SPEED          (10ULL * 1000 * 1000 * 1000)

#define VLOG(fmt, ...)      DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "vnetnd: " fmt "\n", ##__VA_ARGS__)
#define VERR(fmt, ...)      DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "vnetnd: " fmt "\n", ##__VA_ARGS__)

/* "goto out if this failed", the core uses the same spelling */
#define CHECK_NDIS(st, label, what)                                 \
    do {                                                            \
        if ((st) != NDIS_STATUS_SUCCESS) {                          \
            VERR("%s failed: 0x%08x", (what), (st));                \
            goto label;                                             \
        }                                                           \
    } while (0)

typedef NDIS_SPIN_LOCK os_lock_t;

void *os_zalloc(SIZE_T n);
void  os_free(void *p);
int   os_errno_from_ndis(NDIS_STATUS st);
NDIS_STATUS os_ndis_from_errno(int e);

typedef struct _VNET_PORT {
    LIST_ENTRY          Entry;
    volatile LONG       Refs;
    NDIS_HANDLE         AdapterHandle;
    UCHAR               Mac[ETH_LENGTH_OF_ADDRESS];
    ULONG               Filter;
    volatile LONG       Running;
    ULONG64             TxFrames;
} VNET_PORT, *PVNET_PORT;

typedef struct _VNET_DRIVER {
    NDIS_HANDLE             Handle;
    NDIS_HANDLE             RxNblPool;
    NPAGED_LOOKASIDE_LIST   FrameCache;
    os_lock_t               PortLock;
    LIST_ENTRY              Ports;
    ULONG                   NextPortId;
} VNET_DRIVER;

extern VNET_DRIVER Vnet;

/* vnet_main.c */
int  vnet_platform_init(void);
void vnet_platform_fini(void);

/* vnet_port.c */
MINIPORT_INITIALIZE                 VnetInitialize;
MINIPORT_HALT                       VnetHalt;
MINIPORT_PAUSE                      VnetPause;
MINIPORT_RESTART                    VnetRestart;
MINIPORT_OID_REQUEST                VnetOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS      VnetSend;
MINIPORT_RETURN_NET_BUFFER_LISTS    VnetReturn;
MINIPORT_CANCEL_SEND                VnetCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY    VnetPnpEvent;
MINIPORT_SHUTDOWN                   VnetShutdown;
MINIPORT_CANCEL_OID_REQUEST         VnetCancelOid;

#endif
