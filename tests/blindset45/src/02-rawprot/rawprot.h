/*
 * rawprot - NDIS 6.20 protocol driver that snoops a private ethertype
 * and keeps the last few frame headers for a user-mode tool.
 */
#ifndef _RAWPROT_H_
#define _RAWPROT_H_

#include <ndis.h>

#define RP_TAG              'prwR'
#define RP_NT_DEVICE_NAME   L"\\Device\\RawProt"
#define RP_DOS_DEVICE_NAME  L"\\Global??\\RawProt"
#define RP_PROTOCOL_NAME    L"RAWPROT"

#define RP_ETHERTYPE        0x88B5      /* IEEE local experimental 1 */
#define RP_RING_SLOTS       64
#define RP_SNAP_BYTES       64

#define IOCTL_RAWPROT_READ_RING  CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RP_DBG(fmt, ...)    KdPrint(("RAWPROT: " fmt "\n", __VA_ARGS__))
#define RP_ERR(fmt, ...)    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "RAWPROT!" fmt "\n", __VA_ARGS__)

#define CHECK_GOTO(_st, _what, _label)                                 \
    do {                                                               \
        if (!NT_SUCCESS(_st)) {                                        \
            RP_ERR("%s failed with 0x%08X", (_what), (_st));           \
            goto _label;                                               \
        }                                                              \
    } while (0)

typedef struct _RP_SNAPSHOT {
    ULONG   Length;
    UCHAR   Bytes[RP_SNAP_BYTES];
} RP_SNAPSHOT, *PRP_SNAPSHOT;

typedef struct _RP_OPEN {
    LIST_ENTRY      Link;
    NDIS_HANDLE     BindingHandle;
    NDIS_HANDLE     BindContext;
    NDIS_HANDLE     UnbindContext;
    UINT            SelectedMediumIndex;
    BOOLEAN         Paused;
    LONG64          Frames;
} RP_OPEN, *PRP_OPEN;

typedef struct _RP_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  ControlDevice;
    NDIS_HANDLE     ProtocolHandle;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      OpenList;
    PRP_SNAPSHOT    Ring;           /* RP_RING_SLOTS entries */
    ULONG           RingHead;
} RP_GLOBALS, *PRP_GLOBALS;

extern RP_GLOBALS Globals;

/* main.c */
DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       RpUnload;
DRIVER_DISPATCH     RpDispatchOpenClose;
DRIVER_DISPATCH     RpDispatchIoctl;

/* ring.c-ish helpers living in protocol.c */
BOOLEAN RpAllocateRing(VOID);
VOID    RpFreeRing(VOID);

/* protocol.c */
NDIS_STATUS RpRegisterProtocol(VOID);
VOID        RpDeregisterProtocol(VOID);

PROTOCOL_BIND_ADAPTER_EX            RpBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX          RpUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX   RpOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX  RpCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT              RpPnpEvent;
PROTOCOL_OID_REQUEST_COMPLETE       RpOidRequestComplete;
PROTOCOL_STATUS_EX                  RpStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS   RpReceiveNbls;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE RpSendComplete;

#endif
