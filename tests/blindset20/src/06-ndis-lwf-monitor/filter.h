/*++

Copyright (c) Tailspin Networks.  All rights reserved.

Module Name:

    filter.h

Abstract:

    Traffic accounting NDIS 6 lightweight filter.  A monitoring filter
    bound above Ethernet miniports: counts frames and bytes per filter
    module in both directions, passes OID requests through (cloned), and
    exposes the counters to a management service through an NDIS
    control device.

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#pragma once

#include <ndis.h>
#include <ntstrsafe.h>

//
// NDIS version negotiated at registration.
//
#if defined(NDIS630)
#define FILTER_MAJOR_NDIS_VERSION   6
#define FILTER_MINOR_NDIS_VERSION   30
#elif defined(NDIS620)
#define FILTER_MAJOR_NDIS_VERSION   6
#define FILTER_MINOR_NDIS_VERSION   20
#else
#error "NDIS 6.20 or later is required (define NDIS620 or NDIS630)"
#endif

#define FILTER_MAJOR_DRIVER_VERSION 3
#define FILTER_MINOR_DRIVER_VERSION 1

#define FILTER_FRIENDLY_NAME        L"Tailspin Traffic Accounting Filter"
#define FILTER_UNIQUE_NAME          L"{d1f0a7c4-93b2-4e8d-a6c1-2f5b7e9d0c34}"
#define FILTER_SERVICE_NAME         L"TsTrafAcct"

#define LINKNAME_STRING             L"\\DosDevices\\TsTrafAcct"
#define NTDEVICE_STRING             L"\\Device\\TsTrafAcct"

#define FILTER_ALLOC_TAG            'fAsT'
#define FILTER_REQUEST_ID           'RfsT'
#define FILTER_DEVICE_SIGNATURE     'DfsT'

//
// Debug output.
//
#define DL_ERROR    1
#define DL_WARN     2
#define DL_INFO     3
#define DL_TRACE    4

extern ULONG FilterDebugLevel;

#if DBG
#define DEBUGP(_Level, _Fmt, ...)                                               \
    do {                                                                        \
        if ((_Level) <= FilterDebugLevel) {                                     \
            DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,                 \
                       "tsacct: " _Fmt "\n", ##__VA_ARGS__);                     \
        }                                                                       \
    } while (0)
#else
#define DEBUGP(_Level, _Fmt, ...) ((void)0)
#endif

//
// Lock helpers.
//
#define FILTER_ACQUIRE_LOCK(_pLock, _DispatchLevel)         \
    do {                                                    \
        if (_DispatchLevel) {                               \
            NdisDprAcquireSpinLock(_pLock);                 \
        } else {                                            \
            NdisAcquireSpinLock(_pLock);                    \
        }                                                   \
    } while (0)

#define FILTER_RELEASE_LOCK(_pLock, _DispatchLevel)         \
    do {                                                    \
        if (_DispatchLevel) {                               \
            NdisDprReleaseSpinLock(_pLock);                 \
        } else {                                            \
            NdisReleaseSpinLock(_pLock);                    \
        }                                                   \
    } while (0)

//
// Control interface.
//
#define FILE_DEVICE_TSACCT          0x8F10
#define IOCTL_TSACCT_ENUMERATE      CTL_CODE(FILE_DEVICE_TSACCT, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TSACCT_RESET          CTL_CODE(FILE_DEVICE_TSACCT, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _TSACCT_MODULE_COUNTERS {
    NET_IFINDEX MiniportIfIndex;
    ULONG       State;
    ULONG64     FramesSent;
    ULONG64     BytesSent;
    ULONG64     FramesReceived;
    ULONG64     BytesReceived;
    ULONG64     FramesDroppedPaused;
} TSACCT_MODULE_COUNTERS, *PTSACCT_MODULE_COUNTERS;

//
// Filter module state machine.
//
typedef enum _FILTER_STATE {
    FilterStateUnspecified,
    FilterInitialized,
    FilterPausing,
    FilterPaused,
    FilterRunning,
    FilterRestarting,
    FilterDetaching
} FILTER_STATE;

typedef struct _FILTER_MODULE {
    LIST_ENTRY              Link;
    NDIS_HANDLE             FilterHandle;
    NET_IFINDEX             MiniportIfIndex;
    NET_LUID                MiniportNetLuid;
    NDIS_SPIN_LOCK          Lock;
    FILTER_STATE            State;
    TSACCT_MODULE_COUNTERS  Counters;
} FILTER_MODULE, *PFILTER_MODULE;

//
// Per-request context stored in the clone's SourceReserved area.
//
typedef struct _FILTER_REQUEST_CONTEXT {
    PNDIS_OID_REQUEST   OriginalRequest;
} FILTER_REQUEST_CONTEXT, *PFILTER_REQUEST_CONTEXT;

C_ASSERT(sizeof(FILTER_REQUEST_CONTEXT) <= RTL_FIELD_SIZE(NDIS_OID_REQUEST, SourceReserved));

//
// Device extension reserved by NdisRegisterDeviceEx.
//
typedef struct _FILTER_DEVICE_EXTENSION {
    ULONG       Signature;
    NDIS_HANDLE Handle;
} FILTER_DEVICE_EXTENSION, *PFILTER_DEVICE_EXTENSION;

//
// Driver globals.
//
typedef struct _FILTER_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    NDIS_HANDLE         FilterDriverHandle;

    NDIS_SPIN_LOCK      ModuleListLock;
    BOOLEAN             ModuleListLockAllocated;
    LIST_ENTRY          ModuleList;
    ULONG               ModuleCount;

    NDIS_HANDLE         NdisDeviceHandle;
    PDEVICE_OBJECT      DeviceObject;
    PDRIVER_DISPATCH    DispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
} FILTER_GLOBALS, *PFILTER_GLOBALS;

extern FILTER_GLOBALS g_Filter;

//
// filter.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FilterUnload;

FILTER_SET_OPTIONS FilterRegisterOptions;
FILTER_ATTACH FilterAttach;
FILTER_DETACH FilterDetach;
FILTER_RESTART FilterRestart;
FILTER_PAUSE FilterPause;
FILTER_STATUS FilterStatus;
FILTER_NET_PNP_EVENT FilterNetPnPEvent;
FILTER_DEVICE_PNP_EVENT_NOTIFY FilterDevicePnPEventNotify;

//
// datapath.c
//
FILTER_SEND_NET_BUFFER_LISTS FilterSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE FilterSendNetBufferListsComplete;
FILTER_CANCEL_SEND_NET_BUFFER_LISTS FilterCancelSendNetBufferLists;
FILTER_RECEIVE_NET_BUFFER_LISTS FilterReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS FilterReturnNetBufferLists;
FILTER_OID_REQUEST FilterOidRequest;
FILTER_OID_REQUEST_COMPLETE FilterOidRequestComplete;
FILTER_CANCEL_OID_REQUEST FilterCancelOidRequest;

//
// device.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
FilterRegisterDevice(
    _Inout_ PFILTER_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
FilterDeregisterDevice(
    _Inout_ PFILTER_GLOBALS Globals
    );
