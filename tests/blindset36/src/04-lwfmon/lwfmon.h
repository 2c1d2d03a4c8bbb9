/*
 * lwfmon.h - NDIS 6.30 lightweight filter that counts received frames
 * per adapter and hands the numbers to user mode through \\.\LwfMon.
 */
#pragma once

#ifndef NDIS630
#define NDIS630 1
#endif

#include <ndis.h>

#define LWF_TAG                 'nMwL'
#define LWF_FRIENDLY_NAME       L"LwfMon NDIS Monitor"
#define LWF_UNIQUE_NAME         L"{5E8A3C71-0D94-4B6F-A2C7-19F3E64D8B20}"   /* must match the INF */
#define LWF_SERVICE_NAME        L"lwfmon"
#define LWF_DEVICE_NAME         L"\\Device\\LwfMon"
#define LWF_LINK_NAME           L"\\DosDevices\\LwfMon"

#define IOCTL_LWFMON_SNAPSHOT   CTL_CODE(FILE_DEVICE_NETWORK, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LWF_MAX_SNAPSHOT        16

#ifdef DBG
#define LWFDBG(...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "lwfmon: " __VA_ARGS__)
#else
#define LWFDBG(...)
#endif

typedef enum _LWF_STATE {
    LwfDetached = 0,
    LwfPaused,
    LwfRunning,
    LwfPausing
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    LWF_STATE       State;
    volatile LONG64 RxFrames;
    volatile LONG64 RxDropped;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_SNAPSHOT_ENTRY {
    ULONG   IfIndex;
    ULONG   State;
    LONG64  RxFrames;
    LONG64  RxDropped;
} LWF_SNAPSHOT_ENTRY, *PLWF_SNAPSHOT_ENTRY;

typedef struct _LWF_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_SPIN_LOCK  ModuleLock;
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;
} LWF_GLOBALS;

extern LWF_GLOBALS g_Lwf;

/* filter.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     LwfUnload;
FILTER_SET_OPTIONS              LwfSetOptions;
FILTER_ATTACH                   LwfAttach;
FILTER_DETACH                   LwfDetach;
FILTER_RESTART                  LwfRestart;
FILTER_PAUSE                    LwfPause;
FILTER_RECEIVE_NET_BUFFER_LISTS LwfReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS  LwfReturnNbls;

/* device.c */
NDIS_STATUS LwfRegisterDevice(VOID);
VOID        LwfDeregisterDevice(VOID);
