/*++

Copyright (c) PcapLwf contributors.

Module Name:

    filter.h

Abstract:

    Packet-capture NDIS 6 lightweight filter: shared declarations.

--*/

#ifndef _PCAP_FILTER_H
#define _PCAP_FILTER_H

#include <ndis.h>
#include <ntstrsafe.h>

#define FILTER_MAJOR_NDIS_VERSION   6
#define FILTER_MINOR_NDIS_VERSION   30

#define FILTER_FRIENDLY_NAME        L"PcapLwf NDIS Capture Filter"
#define FILTER_UNIQUE_NAME          L"{4F1C9B0E-2D7A-4E35-9C68-A1B3D5E7F902}"
#define FILTER_SERVICE_NAME         L"PcapLwf"

#define PCAP_DEVICE_NAME            L"\\Device\\PcapLwf"
#define PCAP_LINK_NAME              L"\\DosDevices\\Global\\PcapLwf"

#define PCAP_ALLOC_TAG              'fLcP'
#define PCAP_RECORD_TAG             'rLcP'
#define PCAP_OPEN_TAG               'oLcP'

#define PCAP_SNAPLEN_DEFAULT        256
#define PCAP_SNAPLEN_MAX            1514
#define PCAP_QUEUE_DEPTH            1024

#define IOCTL_PCAP_BIND             CTL_CODE(FILE_DEVICE_NETWORK, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PCAP_SET_SNAPLEN      CTL_CODE(FILE_DEVICE_NETWORK, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PCAP_ENUM_ADAPTERS    CTL_CODE(FILE_DEVICE_NETWORK, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

#define FILTER_ACQUIRE_LOCK(_pLock, DispatchLevel)          \
    {                                                       \
        if (DispatchLevel) {                                \
            NdisDprAcquireSpinLock(_pLock);                 \
        } else {                                            \
            NdisAcquireSpinLock(_pLock);                    \
        }                                                   \
    }

#define FILTER_RELEASE_LOCK(_pLock, DispatchLevel)          \
    {                                                       \
        if (DispatchLevel) {                                \
            NdisDprReleaseSpinLock(_pLock);                 \
        } else {                                            \
            NdisReleaseSpinLock(_pLock);                    \
        }                                                   \
    }

typedef enum _FILTER_STATE {
    FilterStateUnspecified,
    FilterInitialized,
    FilterPausing,
    FilterPaused,
    FilterRunning,
    FilterRestarting,
    FilterDetaching
} FILTER_STATE;

typedef struct _PCAP_RECORD {
    LIST_ENTRY      Link;
    LARGE_INTEGER   Timestamp;
    ULONG           OriginalLength;
    ULONG           CapturedLength;
    BOOLEAN         Outbound;
    UCHAR           Data[PCAP_SNAPLEN_MAX];
} PCAP_RECORD, *PPCAP_RECORD;

typedef struct _PCAP_FILTER_MODULE PCAP_FILTER_MODULE, *PPCAP_FILTER_MODULE;

//
// One per handle opened on the control device.
//
typedef struct _PCAP_OPEN {
    LIST_ENTRY              Link;           // in FilterModule->Opens
    PPCAP_FILTER_MODULE     Module;
    ULONG                   Snaplen;
    NDIS_SPIN_LOCK          QueueLock;
    LIST_ENTRY              Queue;
    ULONG                   QueueCount;
    ULONG                   Dropped;
    LIST_ENTRY              PendingReads;
} PCAP_OPEN, *PPCAP_OPEN;

struct _PCAP_FILTER_MODULE {
    LIST_ENTRY              FilterModuleLink;
    ULONG                   RefCount;
    NDIS_HANDLE             FilterHandle;
    NDIS_STRING             FilterModuleName;
    NDIS_STRING             MiniportFriendlyName;
    NDIS_STRING             MiniportName;
    NET_IFINDEX             MiniportIfIndex;
    NDIS_STATUS             Status;
    NDIS_EVENT              Event;
    ULONG                   BackFillSize;
    FILTER_STATE            State;
    NDIS_SPIN_LOCK          Lock;
    LIST_ENTRY              Opens;
};

typedef struct _PCAP_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    NDIS_HANDLE             FilterDriverHandle;
    NDIS_HANDLE             NdisDeviceHandle;
    PDEVICE_OBJECT          ControlDeviceObject;
    NDIS_SPIN_LOCK          FilterListLock;
    LIST_ENTRY              FilterModuleList;
    NPAGED_LOOKASIDE_LIST   RecordLookaside;
    BOOLEAN                 LookasideInitialized;
    ULONG                   DefaultSnaplen;
} PCAP_GLOBALS, *PPCAP_GLOBALS;

extern PCAP_GLOBALS PcapGlobals;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;

//
// filter.c
//
FILTER_SET_OPTIONS                  PcapFilterSetOptions;
FILTER_ATTACH                       PcapFilterAttach;
FILTER_DETACH                       PcapFilterDetach;
FILTER_RESTART                      PcapFilterRestart;
FILTER_PAUSE                        PcapFilterPause;
FILTER_SEND_NET_BUFFER_LISTS        PcapFilterSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE PcapFilterSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS     PcapFilterReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS      PcapFilterReturnNetBufferLists;
FILTER_CANCEL_SEND_NET_BUFFER_LISTS PcapFilterCancelSendNetBufferLists;

//
// device.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
PcapRegisterDevice(
    VOID
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PcapDeregisterDevice(
    VOID
    );

//
// capture.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
PcapCaptureInit(
    _In_ PUNICODE_STRING RegistryPath
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PcapCaptureFini(
    VOID
    );

VOID
PcapCaptureNbls(
    _In_ PPCAP_FILTER_MODULE Module,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ BOOLEAN Outbound,
    _In_ BOOLEAN DispatchLevel
    );

VOID
PcapOpenFlush(
    _In_ PPCAP_OPEN Open
    );

#endif // _PCAP_FILTER_H
