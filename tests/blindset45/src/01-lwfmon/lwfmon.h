/*
 * lwfmon - tiny NDIS 6 lightweight filter that counts frames per adapter
 * and exposes the counters through \\.\LwfMon.
 *
 * (c) the lwfmon authors, MIT licensed.
 */
#pragma once

#include <ndis.h>

#define LWF_TAG                 'mFwL'
#define LWF_MAJOR_DRIVER_VER    1
#define LWF_MINOR_DRIVER_VER    3

#define FILTER_SERVICE_NAME     L"LwfMon"
#define FILTER_UNIQUE_NAME      L"{8C1A5E46-2E2B-4D66-9B43-0F7A3E3D2C11}"
#define FILTER_FRIENDLY_NAME    L"LwfMon NDIS Packet Counter"

#define LWF_DEVICE_NAME         L"\\Device\\LwfMon"
#define LWF_LINK_NAME           L"\\DosDevices\\LwfMon"

#define IOCTL_LWFMON_GET_STATS  CTL_CODE(FILE_DEVICE_NETWORK, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LWF_LOG(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (_lvl), "lwfmon!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#define LOG_ERR   DPFLTR_ERROR_LEVEL
#define LOG_INFO  DPFLTR_INFO_LEVEL

typedef enum _LWF_STATE {
    LwfDetached = 0,
    LwfPaused,
    LwfRunning,
    LwfPausing
} LWF_STATE;

typedef struct _LWF_STATS {
    NET_IFINDEX IfIndex;
    LONG64      RxFrames;
    LONG64      TxFrames;
    LONG64      RxDroppedWhilePaused;
} LWF_STATS, *PLWF_STATS;

typedef struct _LWF_MODULE {
    LIST_ENTRY  Link;
    NDIS_HANDLE FilterHandle;
    LWF_STATE   State;
    PLWF_STATS  Stats;          /* from Globals.StatsLookaside */
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    NDIS_HANDLE             FilterDriverHandle;
    NDIS_SPIN_LOCK          ModuleLock;
    LIST_ENTRY              ModuleList;
    ULONG                   ModuleCount;
    NPAGED_LOOKASIDE_LIST   StatsLookaside;
    BOOLEAN                 LookasideReady;
    NDIS_HANDLE             DeviceHandle;
    PDEVICE_OBJECT          DeviceObject;
} LWF_GLOBALS;

extern LWF_GLOBALS Globals;

/* lwfmon.c */
DRIVER_INITIALIZE       DriverEntry;
DRIVER_UNLOAD           LwfDriverUnload;
FILTER_ATTACH           LwfAttach;
FILTER_DETACH           LwfDetach;
FILTER_RESTART          LwfRestart;
FILTER_PAUSE            LwfPause;
FILTER_RECEIVE_NET_BUFFER_LISTS LwfReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS  LwfReturnNbls;

NDIS_STATUS LwfGlobalsInit(_In_ PDRIVER_OBJECT DriverObject);
VOID        LwfGlobalsUninit(VOID);

/* device.c */
NDIS_STATUS LwfDeviceInit(_In_ NDIS_HANDLE FilterDriverHandle);
VOID        LwfDeviceUninit(VOID);
