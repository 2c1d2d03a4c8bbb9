/*
 * ndisprot.h - "rawprot", a stripped-down NDIS 6 protocol driver that binds to
 * Ethernet adapters and counts what it sees. Userland talks to \\.\RawProt.
 */
#ifndef _RAWPROT_H_
#define _RAWPROT_H_

#define NDIS60 1
#include <ndis.h>

#define RP_TAG                  'torP'
#define RP_NDIS_MAJOR           6
#define RP_NDIS_MINOR           0
#define RP_PROTOCOL_NAME        L"RAWPROT"
#define RP_DEVICE_NAME          L"\\Device\\RawProt"
#define RP_LINK_NAME            L"\\DosDevices\\RawProt"

#define RP_RECV_ENTRY_MAX       64

#define DBG_TRACE(...)  DbgPrint("rawprot: " __VA_ARGS__)

#define CHECK_STATUS(st, msg) \
    if (!NT_SUCCESS(st)) { DBG_TRACE("%s failed: 0x%08x\n", msg, st); goto cleanup; }

/* one of these per bound adapter */
typedef struct _RP_OPEN {
    LIST_ENTRY      Link;
    NDIS_HANDLE     BindingHandle;
    NDIS_HANDLE     BindContext;        /* valid while a bind is pending */
    NDIS_HANDLE     UnbindContext;      /* valid while an unbind is pending */
    NDIS_MEDIUM     Medium;
    UINT            MediumIndex;
    volatile LONG64 RxFrames;
    NDIS_STATUS     OpenStatus;
} RP_OPEN, *PRP_OPEN;

/* recycled bookkeeping for frames we copy out to a reader */
typedef struct _RP_RECV_ENTRY {
    LIST_ENTRY  Link;
    ULONG       Length;
    UCHAR       Data[1514];
} RP_RECV_ENTRY, *PRP_RECV_ENTRY;

typedef struct _RP_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PDEVICE_OBJECT          ControlDevice;
    NDIS_HANDLE             ProtocolHandle;
    NPAGED_LOOKASIDE_LIST   RecvLookaside;
    NDIS_SPIN_LOCK          Lock;
    LIST_ENTRY              OpenList;
} RP_GLOBALS;

extern RP_GLOBALS Globals;

/* bind.c */
PROTOCOL_BIND_ADAPTER_EX            RpBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX          RpUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX   RpOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX  RpCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT              RpPnpEvent;
PROTOCOL_OID_REQUEST_COMPLETE       RpOidRequestComplete;
PROTOCOL_STATUS_EX                  RpStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS   RpReceive;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE RpSendComplete;

#endif
