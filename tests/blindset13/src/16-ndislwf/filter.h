/*
 * filter.h - lwfcount: an NDIS 6.30 lightweight filter that only counts
 * how many modules it is attached to and exposes that through \\.\LwfCount.
 */
#pragma once

#ifndef NDIS630
#define NDIS630 1
#endif
#include <ndis.h>

#define FILTER_MAJOR_NDIS_VERSION 6
#define FILTER_MINOR_NDIS_VERSION 30

#define LWF_TAG 'CfwL'

#define LWF_FRIENDLY_NAME  L"LwfCount NDIS Filter"
#define LWF_UNIQUE_NAME    L"{3B8C7F21-90D4-4E5A-A1C3-7D2E5F406B18}"
#define LWF_SERVICE_NAME   L"lwfcount"

#define LWF_DEVICE_NAME    L"\\Device\\LwfCount"
#define LWF_LINK_NAME      L"\\DosDevices\\LwfCount"

#define IOCTL_LWF_GET_MODULES CTL_CODE(FILE_DEVICE_NETWORK, 0x860, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LWF_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "lwfcount: " fmt "\n", __VA_ARGS__)

typedef enum _LWF_STATE {
    LwfDetached = 0,
    LwfPaused,
    LwfRunning,
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY  Link;
    NDIS_HANDLE FilterHandle;
    NET_IFINDEX MiniportIfIndex;
    LWF_STATE   State;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Modules;
    ULONG           ModuleCount;
    NDIS_HANDLE     DeviceHandle;     /* NULL when the control device is missing */
    PDEVICE_OBJECT  DeviceObject;
} LWF_GLOBALS;

extern LWF_GLOBALS g_Lwf;

NDIS_STATUS LwfRegisterDevice(VOID);
VOID        LwfDeregisterDevice(VOID);
