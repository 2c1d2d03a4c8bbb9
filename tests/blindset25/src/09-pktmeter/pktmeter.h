/*
 * pktmeter.h - shared definitions for the PktMeter NDIS 6 lightweight filter
 *
 * Copyright (c) PktMeter contributors. MIT licensed.
 *
 * PktMeter is a monitoring LWF: it passes every NET_BUFFER_LIST through
 * unchanged and keeps per-adapter packet/byte counters that the pmctl tool
 * reads through \\.\PktMeter.
 */
#pragma once

#define PM_TAG                    'rtMP'
#define PM_NDIS_MAJOR_VERSION     6
#define PM_NDIS_MINOR_VERSION     30
#define PM_DRIVER_MAJOR_VERSION   1
#define PM_DRIVER_MINOR_VERSION   4
#define PM_FRIENDLY_NAME          L"PktMeter NDIS Filter"
#define PM_UNIQUE_NAME            L"{5E8F2C14-93A7-4B6D-B0E2-C47D18A9F361}"
#define PM_SERVICE_NAME           L"pktmeter"
#define PM_DEVICE_NAME            L"\\Device\\PktMeter"
#define PM_LINK_NAME              L"\\DosDevices\\PktMeter"
#define PM_DEFAULT_MAX_REPORTED   32

#define IOCTL_PM_QUERY_STATS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x700, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _PM_STATS_ENTRY {
    ULONG    IfIndex;
    ULONG    State;
    ULONG64  TxPackets;
    ULONG64  TxBytes;
    ULONG64  RxPackets;
    ULONG64  RxBytes;
} PM_STATS_ENTRY, *PPM_STATS_ENTRY;

#if DBG
#define PM_TRACE(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (level), "pktmeter!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#else
#define PM_TRACE(level, fmt, ...) ((void)0)
#endif
#define PM_LEVEL_ERROR   DPFLTR_ERROR_LEVEL
#define PM_LEVEL_INFO    DPFLTR_INFO_LEVEL

typedef enum _PM_MODULE_STATE {
    PmModuleAttached = 0,
    PmModulePaused,
    PmModuleRunning,
} PM_MODULE_STATE;

typedef struct _PM_FILTER_MODULE {
    LIST_ENTRY       Link;
    NDIS_HANDLE      FilterHandle;
    NET_IFINDEX      IfIndex;
    volatile LONG    State;          /* PM_MODULE_STATE */
    volatile LONG64  TxPackets;
    volatile LONG64  TxBytes;
    volatile LONG64  RxPackets;
    volatile LONG64  RxBytes;
} PM_FILTER_MODULE, *PPM_FILTER_MODULE;

typedef struct _PM_CONFIG {
    ULONG MaxReportedModules;
    ULONG EthernetOnly;
} PM_CONFIG, *PPM_CONFIG;

/* InitState bits, set by DriverEntry in this order and undone in reverse */
#define PM_INIT_LOCK      0x00000001
#define PM_INIT_CONFIG    0x00000002
#define PM_INIT_FILTER    0x00000004
#define PM_INIT_DEVICE    0x00000008

typedef struct _PM_GLOBALS {
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     FilterDriverContext;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;
    NDIS_SPIN_LOCK  Lock;              /* protects ModuleList */
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
    PPM_CONFIG      Config;
    ULONG           InitState;
} PM_GLOBALS, *PPM_GLOBALS;

extern PM_GLOBALS g_Pm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PmUnload;
FILTER_ATTACH PmFilterAttach;
FILTER_DETACH PmFilterDetach;
FILTER_RESTART PmFilterRestart;
FILTER_PAUSE PmFilterPause;
FILTER_SEND_NET_BUFFER_LISTS PmSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE PmSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS PmReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS PmReturnNetBufferLists;

NDIS_STATUS PmRegisterDevice(VOID);                                          /* device.c */
VOID PmDeregisterDevice(VOID);
NTSTATUS PmReadConfig(_In_ PUNICODE_STRING RegistryPath, _Outptr_ PPM_CONFIG *Config);  /* config.c */
VOID PmFreeConfig(_In_ PPM_CONFIG Config);
