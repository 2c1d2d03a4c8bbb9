#ifndef TAPVIF_H
#define TAPVIF_H

#include "os.h"

#define TAP_NDIS_MAJOR          6
#define TAP_NDIS_MINOR          30
#define TAP_DRIVER_MAJOR        1
#define TAP_DRIVER_MINOR        4

#define TAP_MTU                 1500
#define TAP_MAX_FRAME           (TAP_MTU + 18)
#define TAP_LINK_SPEED          (1000ULL * 1000ULL * 1000ULL)
#define TAP_MAX_MCAST           32

typedef struct _TAP_ADAPTER {
    LIST_ENTRY      Link;
    volatile LONG   RefCount;
    NDIS_HANDLE     MiniportHandle;
    UCHAR           MacAddress[6];
    ULONG           PacketFilter;
    BOOLEAN         Paused;
} TAP_ADAPTER, *PTAP_ADAPTER;

typedef struct _TAP_GLOBALS {
    NDIS_HANDLE             DriverHandle;
    NPAGED_LOOKASIDE_LIST   FrameLookaside;
    os_mutex_t              AdapterLock;
    LIST_ENTRY              AdapterList;
    ULONG                   AdapterCount;
    NDIS_HANDLE             NblPool;
} TAP_GLOBALS;

extern TAP_GLOBALS g_tap;

/* driver.c */
NDIS_STATUS platform_init(void);
void        platform_fini(void);

/* adapter.c */
MINIPORT_INITIALIZE                 TapInitializeEx;
MINIPORT_HALT                       TapHaltEx;
MINIPORT_PAUSE                      TapPause;
MINIPORT_RESTART                    TapRestart;
MINIPORT_OID_REQUEST                TapOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS      TapSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS    TapReturnNetBufferLists;
MINIPORT_CANCEL_SEND                TapCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY    TapDevicePnPEvent;
MINIPORT_SHUTDOWN                   TapShutdownEx;
MINIPORT_CANCEL_OID_REQUEST         TapCancelOidRequest;
MINIPORT_UNLOAD                     TapDriverUnload;

#endif
