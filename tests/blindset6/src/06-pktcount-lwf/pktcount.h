/*
 * pktcount - NDIS 6.30 lightweight filter that counts frames per binding.
 */
#pragma once

#include <ndis.h>

#define FILTER_MAJOR_NDIS_VERSION   6
#define FILTER_MINOR_NDIS_VERSION   30

#define FILTER_FRIENDLY_NAME  L"PktCount NDIS Filter"
#define FILTER_UNIQUE_NAME    L"{8c0f2a61-37b4-4d1e-9a05-6b2e1d7c4f90}"
#define FILTER_SERVICE_NAME   L"PktCount"

#define PKTC_DEVICE_NAME      L"\\Device\\PktCount"
#define PKTC_LINK_NAME        L"\\DosDevices\\PktCount"
#define PKTC_TAG              'tcKP'

#define IOCTL_PKTC_QUERY      CTL_CODE(FILE_DEVICE_NETWORK, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _FILTER_STATE {
    FilterDetached,
    FilterPaused,
    FilterRunning,
    FilterPausing
} FILTER_STATE;

typedef struct _PKTC_FILTER {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    FILTER_STATE    State;
    NET_IFINDEX     IfIndex;
    volatile LONG64 RxFrames;
    volatile LONG64 TxFrames;
} PKTC_FILTER, *PPKTC_FILTER;

typedef struct _PKTC_COUNTERS {
    ULONG   IfIndex;
    ULONG64 RxFrames;
    ULONG64 TxFrames;
} PKTC_COUNTERS, *PPKTC_COUNTERS;

extern NDIS_HANDLE     FilterDriverHandle;
extern NDIS_HANDLE     FilterDriverObject;
extern NDIS_SPIN_LOCK  FilterListLock;
extern LIST_ENTRY      FilterModuleList;

// device.c
NDIS_STATUS PktcRegisterDevice(VOID);
VOID        PktcDeregisterDevice(VOID);
