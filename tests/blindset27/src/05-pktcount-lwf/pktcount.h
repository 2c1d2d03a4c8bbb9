/*
 * pktcount.h - PktCount: NDIS 6.30 lightweight filter that keeps
 *              per-adapter packet/byte counters and exposes them
 *              through \\.\PktCount.
 */
#pragma once

#define NDIS630 1
#include <ndis.h>

#define PC_TAG              'tnCP'
#define PC_NDIS_MAJOR       6
#define PC_NDIS_MINOR       30

#define PC_FRIENDLY_NAME    L"PktCount NDIS Filter"
#define PC_UNIQUE_NAME      L"{A3C2E0B1-7F44-4C58-8E0D-5D1B6C2F9A37}"
#define PC_SERVICE_NAME     L"PktCount"

#define PC_DEVICE_NAME      L"\\Device\\PktCount"
#define PC_LINK_NAME        L"\\DosDevices\\PktCount"

#define PC_IOCTL_TYPE       FILE_DEVICE_NETWORK
#define IOCTL_PC_QUERY      CTL_CODE(PC_IOCTL_TYPE, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PC_RESET      CTL_CODE(PC_IOCTL_TYPE, 0x811, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef enum _PC_STATE {
    PcStateDetached = 0,
    PcStatePaused,
    PcStateRunning
} PC_STATE;

typedef struct _PC_COUNTERS {
    NET_IFINDEX IfIndex;
    ULONG       Reserved;
    LONG64      RxPackets;
    LONG64      RxBytes;
    LONG64      TxPackets;
    LONG64      TxBytes;
} PC_COUNTERS, *PPC_COUNTERS;

typedef struct _PC_MODULE {
    LIST_ENTRY  Link;
    NDIS_HANDLE FilterHandle;
    PC_STATE    State;
    PC_COUNTERS Counters;
} PC_MODULE, *PPC_MODULE;

extern NDIS_HANDLE     g_FilterDriverHandle;
extern NDIS_SPIN_LOCK  g_ModuleListLock;
extern LIST_ENTRY      g_ModuleList;
extern NDIS_HANDLE     g_ControlDeviceHandle;
extern PDEVICE_OBJECT  g_ControlDevice;

FILTER_SEND_NET_BUFFER_LISTS          PcSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE PcSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS       PcReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS        PcReturnNetBufferLists;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH PcDeviceOpenClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PcDeviceIoControl;
