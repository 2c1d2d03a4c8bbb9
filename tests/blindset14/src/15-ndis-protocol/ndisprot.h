/*
 * ndisprot.h - NetSniff, an NDIS 6 protocol driver that binds to Ethernet
 * adapters and counts what it receives. Stats via \\.\NetSniff.
 */
#pragma once

#include <ntddk.h>
#define NDIS630 1
#include <ndis.h>

#define NP_TAG              'finS'
#define NP_PROTOCOL_NAME    L"NETSNIFF"

#define IOCTL_NP_STATS  CTL_CODE(FILE_DEVICE_NETWORK, 0x860, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _NP_STATS {
    LONG64  Frames;
    ULONG   Adapters;
} NP_STATS;

typedef struct _NP_ADAPTER {
    LIST_ENTRY          Link;
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;        /* valid until the bind completes */
    NDIS_HANDLE         UnbindContext;      /* valid until the unbind completes */
    UINT                MediumIndex;
    ULONG               PacketFilter;
    NDIS_OID_REQUEST    FilterRequest;
    KEVENT              FilterDone;
    volatile LONG64     Frames;
} NP_ADAPTER, *PNP_ADAPTER;

typedef struct _NP_GLOBALS {
    NDIS_HANDLE         ProtocolHandle;
    PDEVICE_OBJECT      ControlDevice;
    NDIS_SPIN_LOCK      Lock;
    LIST_ENTRY          Adapters;
    ULONG               AdapterCount;
} NP_GLOBALS;

extern NP_GLOBALS g_Np;

/* protocol.c */
PROTOCOL_BIND_ADAPTER_EX NpBind;
PROTOCOL_UNBIND_ADAPTER_EX NpUnbind;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX NpOpenComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX NpCloseComplete;
PROTOCOL_OID_REQUEST_COMPLETE NpOidComplete;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS NpReceive;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE NpSendComplete;
PROTOCOL_STATUS_EX NpStatus;
PROTOCOL_NET_PNP_EVENT NpPnpEvent;

VOID NpGetStats(NP_STATS* Stats);
