/*
 * snif.h - tiny NDIS 6 lightweight filter that counts packets per protocol
 *
 * Weekend project to learn NDIS. Started from reading the LWF docs,
 * the INF is in snif.inf (FilterType = monitoring, FilterClass = scheduler).
 */
#pragma once

#define NDIS630 1
#include <ndis.h>

#define SNIF_TAG                'finS'

#define SNIF_SERVICE_NAME       L"snif"
#define SNIF_UNIQUE_NAME        L"{5b9c1e77-3a41-4c1d-9a7e-0f62d2b1c0a4}"
#define SNIF_FRIENDLY_NAME      L"Snif Packet Counter"

#define SNIF_DEVICE_NAME        L"\\Device\\Snif"
#define SNIF_SYMLINK_NAME       L"\\DosDevices\\Snif"

#define FILE_DEVICE_SNIF        0x9B00
#define IOCTL_SNIF_GET_STATS \
    CTL_CODE(FILE_DEVICE_SNIF, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SNIF_RESET_STATS \
    CTL_CODE(FILE_DEVICE_SNIF, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define ETH_HEADER_SIZE         14
#define ETHERTYPE_IPV4          0x0800
#define ETHERTYPE_ARP           0x0806
#define ETHERTYPE_IPV6          0x86DD

#define DEBUGP(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "snif: " fmt, __VA_ARGS__)

typedef enum _SNIF_STATE {
    SnifDetached = 0,
    SnifPaused,
    SnifRunning,
    SnifPausing
} SNIF_STATE;

typedef struct _SNIF_COUNTERS {
    ULONG64 RxFrames;
    ULONG64 TxFrames;
    ULONG64 RxBytes;
    ULONG64 TxBytes;
    ULONG64 Ipv4;
    ULONG64 Ipv6;
    ULONG64 Arp;
    ULONG64 Other;
} SNIF_COUNTERS, *PSNIF_COUNTERS;

/* one per filter module (= per network adapter we are attached to) */
typedef struct _SNIF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    SNIF_STATE      State;
    NDIS_SPIN_LOCK  Lock;
    SNIF_COUNTERS   Counters;
} SNIF_MODULE, *PSNIF_MODULE;

typedef struct _SNIF_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;
    NDIS_SPIN_LOCK  Lock;           /* protects ModuleList */
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
} SNIF_GLOBALS, *PSNIF_GLOBALS;

extern PSNIF_GLOBALS g_Snif;

/* device.c */
NDIS_STATUS SnifRegisterDevice(VOID);
VOID SnifDeregisterDevice(VOID);
