#pragma once
//
// vminiport - a software-only Ethernet adapter. Sends are dropped (counted),
// and a keepalive frame is indicated up every couple of seconds so there is
// something to look at in Wireshark.
//

#define NDIS_MINIPORT_DRIVER 1
#define NDIS620_MINIPORT     1
#include <ndis.h>

//
// WPP-compatible shim. The lab build generates a .tmh; this is the fallback.
//
#define TRACE_LEVEL_ERROR        2
#define TRACE_LEVEL_WARNING      3
#define TRACE_LEVEL_INFORMATION  4
#define DBG_INIT                 0x0001
#define DBG_DATA                 0x0002
#define DBG_OID                  0x0004

#define TraceEvents(level, flag, fmt, ...)                                       \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID,                                             \
               ((level) <= TRACE_LEVEL_ERROR) ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL, \
               "vmp[%x]: " fmt "\n", (flag), __VA_ARGS__)

#define VMP_TAG                 'pmVV'
#define VMP_NDIS_MAJOR          6
#define VMP_NDIS_MINOR          20
#define VMP_MTU                 1500
#define VMP_FRAME_SIZE          (VMP_MTU + 14)
#define VMP_LINK_SPEED          1000000000ULL
#define VMP_KEEPALIVE_MS        2000
#define VMP_MAX_MCAST           32

namespace vmp {

enum class AdapterState : LONG {
    Initializing,
    Paused,
    Running,
    Halted
};

struct Adapter {
    NDIS_HANDLE        MiniportHandle;
    NDIS_HANDLE        NblPool;
    NDIS_HANDLE        KeepaliveTimer;
    PNET_BUFFER_LIST   KeepaliveNbl;
    PMDL               KeepaliveMdl;
    PUCHAR             KeepaliveFrame;
    volatile LONG      State;
    ULONG              PacketFilter;
    ULONG              Lookahead;
    UCHAR              MacAddress[6];
    volatile LONG64    TxDropped;
    volatile LONG64    RxIndicated;
};

class Miniport {
public:
    static MINIPORT_INITIALIZE                Initialize;
    static MINIPORT_HALT                      Halt;
    static MINIPORT_PAUSE                     Pause;
    static MINIPORT_RESTART                   Restart;
    static MINIPORT_OID_REQUEST               OidRequest;
    static MINIPORT_SEND_NET_BUFFER_LISTS     Send;
    static MINIPORT_RETURN_NET_BUFFER_LISTS   Return;
    static MINIPORT_CANCEL_SEND               CancelSend;
    static MINIPORT_DEVICE_PNP_EVENT_NOTIFY   PnpEvent;
    static MINIPORT_SHUTDOWN                  Shutdown;
    static MINIPORT_CANCEL_OID_REQUEST        CancelOid;
    static MINIPORT_UNLOAD                    Unload;

    static NDIS_HANDLE s_DriverHandle;

private:
    static NDIS_TIMER_FUNCTION KeepaliveTick;
    static NDIS_STATUS SetAttributes(Adapter* a);
    static NDIS_STATUS BuildKeepalive(Adapter* a);
    static void        FreeKeepalive(Adapter* a);
};

} // namespace vmp
