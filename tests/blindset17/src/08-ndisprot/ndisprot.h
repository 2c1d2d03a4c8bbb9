/*++

Module Name:

    ndisprot.h

Abstract:

    Data structures and prototypes for the raw ethernet protocol driver
    (lets a user-mode capture/inject tool send and receive frames of one
    EtherType on any bound adapter).

--*/
#pragma once

#include <ndis.h>

#define NPROT_TAG                   'torP'
#define NPROT_MAJOR_NDIS_VERSION    6
#define NPROT_MINOR_NDIS_VERSION    20
#define NPROT_ETH_TYPE              0x88B5      /* local experimental */
#define NPROT_MAX_FRAME             1514
#define NPROT_RECV_QUEUE_LIMIT      64

#define NT_DEVICE_NAME              L"\\Device\\NdisProtEx"
#define DOS_DEVICE_NAME             L"\\Global??\\NdisProtEx"

#define FSCTL_NDISPROT_BASE         FILE_DEVICE_NETWORK
#define _NDISPROT_CTL_CODE(_Function, _Method, _Access) \
    CTL_CODE(FSCTL_NDISPROT_BASE, _Function, _Method, _Access)

#define IOCTL_NDISPROT_OPEN_DEVICE  _NDISPROT_CTL_CODE(0x200, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_NDISPROT_BIND_WAIT    _NDISPROT_CTL_CODE(0x204, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)

#define DL_ERROR    1
#define DL_WARN     2
#define DL_INFO     3

#if DBG
extern ULONG g_NprotDebugLevel;
#define DEBUGP(lvl, stmt) do { if ((lvl) <= g_NprotDebugLevel) { DbgPrint("NdisProtEx: "); DbgPrint stmt; } } while (FALSE)
#else
#define DEBUGP(lvl, stmt)
#endif

/* Globals.InitFlags */
#define NPROT_INIT_DEVICE           0x00000001
#define NPROT_INIT_SYMLINK          0x00000002
#define NPROT_INIT_LOOKASIDE        0x00000004
#define NPROT_INIT_PROTOCOL         0x00000008

typedef struct _NPROT_RECV_COPY {
    LIST_ENTRY  Link;
    ULONG       Length;
    UCHAR       Data[NPROT_MAX_FRAME];
} NPROT_RECV_COPY, *PNPROT_RECV_COPY;

typedef struct _NDISPROT_OPEN_CONTEXT {
    LIST_ENTRY          Link;
    NDIS_SPIN_LOCK      Lock;
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         SendNblPool;
    NDIS_STRING         DeviceName;
    UCHAR               CurrentAddress[6];
    ULONG               MaxFrameSize;
    NDIS_EVENT          BindEvent;
    NDIS_EVENT          ClosedEvent;
    NDIS_STATUS         BindStatus;
    LONG                PendedSendCount;
    LIST_ENTRY          RecvQueue;
    ULONG               RecvQueueSize;
    PFILE_OBJECT        FileObject;         /* user handle bound to this open */
    BOOLEAN             Closing;
} NDISPROT_OPEN_CONTEXT, *PNDISPROT_OPEN_CONTEXT;

typedef struct _NDISPROT_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PDEVICE_OBJECT          ControlDeviceObject;
    NDIS_HANDLE             NdisProtocolHandle;
    USHORT                  EthType;
    NDIS_EVENT              BindsComplete;
    NDIS_SPIN_LOCK          GlobalLock;
    LIST_ENTRY              OpenList;
    LOOKASIDE_LIST_EX       RecvLookaside;
    ULONG                   InitFlags;
} NDISPROT_GLOBALS;

extern NDISPROT_GLOBALS Globals;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       NdisprotUnload;
DRIVER_DISPATCH     NdisprotOpen;
DRIVER_DISPATCH     NdisprotClose;
DRIVER_DISPATCH     NdisprotCleanup;
DRIVER_DISPATCH     NdisprotRead;
DRIVER_DISPATCH     NdisprotIoControl;

/* protocol.c */
PROTOCOL_SET_OPTIONS                NdisprotSetOptions;
PROTOCOL_BIND_ADAPTER_EX            NdisprotBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX          NdisprotUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX   NdisprotOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX  NdisprotCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT              NdisprotPnPEventHandler;
PROTOCOL_UNINSTALL                  NdisprotProtocolUninstall;
PROTOCOL_OID_REQUEST_COMPLETE       NdisprotRequestComplete;
PROTOCOL_STATUS_EX                  NdisprotStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS   NdisprotReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE NdisprotSendComplete;

PNDISPROT_OPEN_CONTEXT NdisprotLookupDevice(_In_ PCUNICODE_STRING Name);
VOID NdisprotFlushReceiveQueue(_In_ PNDISPROT_OPEN_CONTEXT Open);
