#pragma once
/*
 * pktcount - NDIS 6.30 lightweight filter that counts packets per
 * adapter. Course project for "Network drivers" (NDIS LWF lab 3).
 */
#define NDIS630 1
#include <ndis.h>

#define LWF_MAJOR_NDIS_VERSION  6
#define LWF_MINOR_NDIS_VERSION  30

#define LWF_FRIENDLY_NAME   L"PktCount NDIS Filter"
#define LWF_UNIQUE_NAME     L"{3A1C5E7B-2D4F-4B6A-9E8D-7C6B5A4F3E2D}"
#define LWF_SERVICE_NAME    L"pktcount"
#define LWF_DEVICE_NAME     L"\\Device\\PktCount"
#define LWF_LINK_NAME       L"\\DosDevices\\PktCount"

#define LWF_TAG             'tnCP'

#define IOCTL_LWF_QUERY     CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LWF_DBG(fmt, ...)   DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "pktcount: " fmt "\n", __VA_ARGS__)

typedef struct _LWF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    volatile LONG64 SentNbls;
    volatile LONG64 RecvNbls;
    BOOLEAN         Running;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_STATS_ENTRY {
    ULONG   IfIndex;
    LONG64  Sent;
    LONG64  Received;
} LWF_STATS_ENTRY, *PLWF_STATS_ENTRY;

typedef struct _LWF_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     NdisDeviceHandle;
    PDEVICE_OBJECT  ControlDevice;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Modules;
} LWF_GLOBALS;

extern LWF_GLOBALS g_Lwf;

/* device.c */
NTSTATUS LwfRegisterDevice(VOID);
VOID     LwfDeregisterDevice(VOID);
