/*
 * vnetmp.h - shared definitions for the VNET virtual Ethernet miniport.
 *
 * The miniport exposes one or more software adapters that loop frames
 * between each other ("virtual switch in a box"). Used by the test lab to
 * exercise protocol stacks without physical NICs.
 */
#pragma once

#include <ndis.h>
#include <ntstrsafe.h>

#define VNET_POOL_TAG               'teNV'
#define VNET_MAJOR_NDIS_VERSION     6
#define VNET_MINOR_NDIS_VERSION     30
#define VNET_MAJOR_DRIVER_VERSION   2
#define VNET_MINOR_DRIVER_VERSION   7

#define VNET_MAX_ADAPTERS           8
#define VNET_MAC_LENGTH             6
#define VNET_MAX_FRAME_SIZE         1514
#define VNET_HEADER_SIZE            14
#define VNET_MAX_MCAST_LIST         32
#define VNET_LINK_SPEED             10000000000ULL

#define VNET_GLOBAL_FLAG_LOCK_READY     0x00000001
#define VNET_GLOBAL_FLAG_STATS_READY    0x00000002
#define VNET_GLOBAL_FLAG_REGISTERED     0x00000004

#define VNET_LOG_ERROR   0
#define VNET_LOG_WARN    1
#define VNET_LOG_INFO    2
#define VNET_LOG_TRACE   3

extern ULONG g_VnetDebugLevel;

#define VNET_LOG(_lvl, _fmt, ...)                                           \
    do {                                                                    \
        if ((_lvl) <= g_VnetDebugLevel) {                                   \
            DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,            \
                       "vnetmp: " _fmt "\n", __VA_ARGS__);                  \
        }                                                                   \
    } while (0)

typedef enum _VNET_ADAPTER_STATE {
    VnetAdapterInitializing = 0,
    VnetAdapterPaused,
    VnetAdapterPausing,
    VnetAdapterRunning,
    VnetAdapterHalted
} VNET_ADAPTER_STATE;

typedef struct _VNET_GLOBAL_STATS {
    volatile LONG64 FramesLooped;
    volatile LONG64 FramesDropped;
    volatile LONG64 AdaptersCreated;
} VNET_GLOBAL_STATS, *PVNET_GLOBAL_STATS;

typedef struct _VNET_GLOBALS {
    ULONG               Flags;
    NDIS_HANDLE         MiniportDriverHandle;
    NDIS_SPIN_LOCK      AdapterListLock;
    LIST_ENTRY          AdapterList;
    ULONG               AdapterCount;
    PVNET_GLOBAL_STATS  Stats;
    ULONG               DefaultMtu;
    BOOLEAN             LoopbackAllAdapters;
    UNICODE_STRING      ServiceName;
} VNET_GLOBALS, *PVNET_GLOBALS;

extern VNET_GLOBALS g_Vnet;

typedef struct _VNET_ADAPTER {
    LIST_ENTRY          Link;
    NDIS_HANDLE         MiniportAdapterHandle;
    NDIS_HANDLE         NblPool;
    VNET_ADAPTER_STATE  State;
    NDIS_SPIN_LOCK      Lock;
    volatile LONG       PendingSends;
    NDIS_EVENT          SendsDrained;
    UCHAR               PermanentAddress[VNET_MAC_LENGTH];
    UCHAR               CurrentAddress[VNET_MAC_LENGTH];
    ULONG               PacketFilter;
    ULONG               LookAhead;
    ULONG               Mtu;
    ULONG               MulticastCount;
    UCHAR               MulticastList[VNET_MAX_MCAST_LIST][VNET_MAC_LENGTH];
    ULONG64             FramesTx;
    ULONG64             FramesRx;
    ULONG64             BytesTx;
    ULONG64             BytesRx;
    ULONG               Index;
} VNET_ADAPTER, *PVNET_ADAPTER;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
MINIPORT_DRIVER_UNLOAD VnetDriverUnload;
MINIPORT_SET_OPTIONS VnetSetOptions;

/* globals.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS VnetInitializeGlobals(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);
_IRQL_requires_(PASSIVE_LEVEL)
VOID VnetUninitializeGlobals(VOID);
_IRQL_requires_(PASSIVE_LEVEL)
VOID VnetReadDriverParameters(_In_ PUNICODE_STRING RegistryPath);
VOID VnetInsertAdapter(_In_ PVNET_ADAPTER Adapter);
VOID VnetRemoveAdapter(_In_ PVNET_ADAPTER Adapter);

/* adapter.c */
MINIPORT_INITIALIZE VnetInitializeEx;
MINIPORT_HALT VnetHaltEx;
MINIPORT_PAUSE VnetPause;
MINIPORT_RESTART VnetRestart;
MINIPORT_SHUTDOWN VnetShutdownEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY VnetDevicePnPEventNotify;
MINIPORT_RESET VnetResetEx;
MINIPORT_CHECK_FOR_HANG VnetCheckForHangEx;

/* oid.c */
MINIPORT_OID_REQUEST VnetOidRequest;
MINIPORT_CANCEL_OID_REQUEST VnetCancelOidRequest;

/* datapath.c */
MINIPORT_SEND_NET_BUFFER_LISTS VnetSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS VnetReturnNetBufferLists;
MINIPORT_CANCEL_SEND VnetCancelSend;
VOID VnetLoopFrames(_In_ PVNET_ADAPTER Source, _In_ PNET_BUFFER_LIST NblChain);
