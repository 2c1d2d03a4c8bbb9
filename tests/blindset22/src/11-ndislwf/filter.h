/*++

Module Name:

    filter.h

Abstract:

    NetTally NDIS 6.30 lightweight filter: counts frames and bytes per
    adapter in both directions and exposes the counters through a control
    device (\\.\NetTally) created with NdisRegisterDeviceEx.

    The filter is a pure monitor: it never originates, drops or modifies
    NET_BUFFER_LISTs, so pause completes synchronously.

--*/

#pragma once

#define NDIS630 1

#include <ndis.h>

#define LWF_FRIENDLY_NAME       L"NetTally Lightweight Filter"
#define LWF_UNIQUE_NAME         L"{0B7D3E52-8A19-4C6F-9E24-51F0A3C8D617}"
#define LWF_SERVICE_NAME        L"NetTally"

#define LWF_DEVICE_NAME         L"\\Device\\NetTally"
#define LWF_LINK_NAME           L"\\DosDevices\\NetTally"

#define LWF_TAG                 'yTtN'
#define LWF_DEVICE_SIGNATURE    'vDtN'
#define LWF_MAX_REPORTED        64

#define LWF_NDIS_MAJOR          6
#define LWF_NDIS_MINOR          30
#define LWF_DRIVER_MAJOR        1
#define LWF_DRIVER_MINOR        2

#define IOCTL_NETTALLY_QUERY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x700, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_NETTALLY_RESET \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x701, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _NETTALLY_COUNTERS {
    ULONG   IfIndex;
    ULONG   Running;
    LONG64  TxFrames;
    LONG64  TxBytes;
    LONG64  RxFrames;
    LONG64  RxBytes;
} NETTALLY_COUNTERS, *PNETTALLY_COUNTERS;

//
// Filter module state machine (see "Filter Module States and Operations")
//
typedef enum _LWF_STATE {
    LwfStateDetached = 0,
    LwfStatePaused,
    LwfStateRunning,
    LwfStatePausing
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY          Link;
    NDIS_HANDLE         FilterHandle;
    NET_IFINDEX         IfIndex;
    volatile LWF_STATE  State;
    LONG64              TxFrames;
    LONG64              TxBytes;
    LONG64              RxFrames;
    LONG64              RxBytes;
} LWF_MODULE, *PLWF_MODULE;

//
// What DriverEntry managed to set up. LwfTeardown looks only at these bits,
// so it is safe to call from any point of DriverEntry and from FilterUnload.
//
#define LWF_INIT_LOCK           0x00000001
#define LWF_INIT_FILTER         0x00000002
#define LWF_INIT_DEVICE         0x00000004

typedef struct _LWF_GLOBALS {
    ULONG           InitMask;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;
    NDIS_SPIN_LOCK  ModuleLock;
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
} LWF_GLOBALS, *PLWF_GLOBALS;

typedef struct _LWF_DEVICE_EXTENSION {
    ULONG           Signature;
    PLWF_GLOBALS    Globals;
} LWF_DEVICE_EXTENSION, *PLWF_DEVICE_EXTENSION;

extern LWF_GLOBALS LwfGlobals;

#define LWF_LOG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "NetTally: " _fmt "\n", __VA_ARGS__)
#define LWF_ERR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "NetTally: " _fmt "\n", __VA_ARGS__)

//
// filter.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwfDriverUnload;

//
// module.c
//
FILTER_ATTACH LwfAttach;
FILTER_DETACH LwfDetach;
FILTER_RESTART LwfRestart;
FILTER_PAUSE LwfPause;
FILTER_SEND_NET_BUFFER_LISTS LwfSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LwfSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS LwfReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS LwfReturnNetBufferLists;

//
// device.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
LwfRegisterDevice(
    _Inout_ PLWF_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LwfDeregisterDevice(
    _Inout_ PLWF_GLOBALS Globals
    );
