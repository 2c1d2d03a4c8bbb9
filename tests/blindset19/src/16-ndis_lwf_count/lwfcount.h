/*
 * lwfcount.h - NDIS 6.30 lightweight filter that counts frames per adapter
 */
#pragma once

#include <ndis.h>

#define LWF_TAG                     'tCwL'
#define LWF_MAJOR_NDIS_VERSION      6
#define LWF_MINOR_NDIS_VERSION      30
#define LWF_MAJOR_DRIVER_VERSION    1
#define LWF_MINOR_DRIVER_VERSION    2

#define LWF_FRIENDLY_NAME           L"LwfCount NDIS Filter"
#define LWF_UNIQUE_NAME             L"{4d1a7c9e-0b3f-4e62-a8d5-71c3f0e92b6a}"   /* must match the INF */
#define LWF_SERVICE_NAME            L"LwfCount"

#define LWF_DEVICE_NAME             L"\\Device\\LwfCount"
#define LWF_LINK_NAME               L"\\DosDevices\\LwfCount"

#define IOCTL_LWF_QUERY_ADAPTERS    CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define LWF_MAX_REPORTED            16

typedef enum _LWF_STATE {
    FilterDetached = 0,
    FilterAttaching,
    FilterPaused,
    FilterRunning,
    FilterPausing
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     MiniportIfIndex;
    LWF_STATE       State;
    volatile LONG64 RxFrames;
    volatile LONG64 TxFrames;
    volatile LONG64 RxBytes;
    volatile LONG64 TxBytes;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_REPORT {
    ULONG   IfIndex;
    ULONG   Reserved;
    LONG64  RxFrames;
    LONG64  TxFrames;
    LONG64  RxBytes;
    LONG64  TxBytes;
} LWF_REPORT, *PLWF_REPORT;

extern NDIS_HANDLE     gFilterDriverHandle;
extern NDIS_SPIN_LOCK  gModuleListLock;
extern LIST_ENTRY      gModuleList;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwfUnload;

FILTER_ATTACH LwfAttach;
FILTER_DETACH LwfDetach;
FILTER_RESTART LwfRestart;
FILTER_PAUSE LwfPause;
FILTER_SET_OPTIONS LwfSetOptions;
FILTER_SEND_NET_BUFFER_LISTS LwfSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LwfSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS LwfReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS LwfReturnNetBufferLists;
