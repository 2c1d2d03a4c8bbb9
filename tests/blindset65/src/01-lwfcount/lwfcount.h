/*
 * lwfcount - tiny NDIS 6.x lightweight filter that counts frames per adapter
 *
 * (c) hobby project, do whatever you want with it.
 */
#pragma once

#define NDIS630 1
#include <ndis.h>

#define LWFC_TAG                 'cfwL'
#define LWFC_MAJOR_NDIS_VERSION  6
#define LWFC_MINOR_NDIS_VERSION  30

#define LWFC_FRIENDLY_NAME  L"LwfCount NDIS Filter"
#define LWFC_UNIQUE_NAME    L"{8f2b7f5e-4c1d-4a59-9a0e-2b6f0c31d7a4}"
#define LWFC_SERVICE_NAME   L"lwfcount"

#define LWFC_DEVICE_NAME    L"\\Device\\LwfCount"
#define LWFC_LINK_NAME      L"\\DosDevices\\LwfCount"

#define IOCTL_LWFC_GET_COUNTERS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

#if DBG
#define LWFC_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "lwfcount: " fmt "\n", __VA_ARGS__)
#else
#define LWFC_LOG(fmt, ...)
#endif

typedef enum _LWFC_STATE {
    LwfcDetached = 0,
    LwfcAttaching,
    LwfcPaused,
    LwfcRunning,
    LwfcPausing
} LWFC_STATE;

typedef struct _LWFC_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     MiniportIfIndex;
    LWFC_STATE      State;
    volatile LONG64 TxFrames;
    volatile LONG64 RxFrames;
} LWFC_MODULE, *PLWFC_MODULE;

typedef struct _LWFC_COUNTERS {
    ULONG   IfIndex;
    ULONG   Reserved;
    LONG64  TxFrames;
    LONG64  RxFrames;
} LWFC_COUNTERS, *PLWFC_COUNTERS;

typedef struct _LWFC_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  ControlDevice;
    NDIS_SPIN_LOCK  ModuleLock;
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
} LWFC_GLOBALS;

extern LWFC_GLOBALS g_Lwfc;

/* ctldev.c */
NDIS_STATUS LwfcRegisterControlDevice(VOID);
VOID        LwfcDeregisterControlDevice(VOID);
