//
// vnic.h - "vnic" virtual Ethernet miniport (NDIS 6.20, deserialized)
//
// Everything sent is counted and dropped; nothing is ever received.
// Useful as a dummy adapter for binding tests.
//
#pragma once

#ifndef NDIS620_MINIPORT
#define NDIS620_MINIPORT 1
#endif

extern "C" {
#include <ndis.h>
}

#define VNIC_TAG                'cinV'
#define VNIC_MTU                1500
#define VNIC_LINK_SPEED         1000000000ULL       // 1 Gbps, bits per second
#define VNIC_MAX_MCAST          32
#define VNIC_SUPPORTED_FILTERS  (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST | \
                                 NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST | \
                                 NDIS_PACKET_TYPE_PROMISCUOUS)

#define VNIC_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "vnic!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

namespace vnic {

struct DRIVER_STATS {
    volatile LONG64 TxFrames;
    volatile LONG64 TxBytes;
    volatile LONG   Adapters;
};

struct ADAPTER {
    LIST_ENTRY      Link;
    NDIS_HANDLE     MiniportHandle;
    UCHAR           MacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    ULONG           PacketFilter;
    ULONG           Lookahead;
    BOOLEAN         Running;
};

class Driver {
public:
    static NDIS_HANDLE      MiniportDriverHandle;
    static NDIS_SPIN_LOCK   AdapterLock;
    static LIST_ENTRY       AdapterList;
    static DRIVER_STATS*    Stats;

    static void InitLocks();
    static bool AllocStats();
    static void FreeGlobals();
};

// adapter.cpp
MINIPORT_INITIALIZE                 MpInitializeEx;
MINIPORT_HALT                       MpHaltEx;
MINIPORT_PAUSE                      MpPause;
MINIPORT_RESTART                    MpRestart;
MINIPORT_OID_REQUEST                MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS      MpSendNbls;
MINIPORT_RETURN_NET_BUFFER_LISTS    MpReturnNbls;
MINIPORT_CANCEL_SEND                MpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY    MpDevicePnpEvent;
MINIPORT_SHUTDOWN                   MpShutdownEx;
MINIPORT_CANCEL_OID_REQUEST         MpCancelOidRequest;

} // namespace vnic

// driver.cpp
extern "C" DRIVER_INITIALIZE DriverEntry;
MINIPORT_UNLOAD MpDriverUnload;
