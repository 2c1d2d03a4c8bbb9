/*
 * lwfdrop - NDIS 6.30 lightweight filter that drops received Ethernet frames
 * of one EtherType (settable through \\.\LwfDrop). Send path is bypassed.
 */
#pragma once

#define NDIS630 1
#include <ndis.h>

#define DROP_TAG            'pDwL'
#define DROP_FRIENDLY_NAME  L"LwfDrop EtherType Filter"
#define DROP_UNIQUE_NAME    L"{e3a2c9f4-71b8-4d56-a0c3-9b85f2e6d417}"
#define DROP_SERVICE_NAME   L"lwfdrop"
#define DROP_DEVICE_NAME    L"\\Device\\LwfDrop"
#define DROP_LINK_NAME      L"\\DosDevices\\LwfDrop"

#define DROP_DEFAULT_ETYPE  0x88CC      /* LLDP, handy to test with */

#define IOCTL_LWFDROP_SET_ETHERTYPE CTL_CODE(FILE_DEVICE_NETWORK, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LWFDROP_GET_DROPPED   CTL_CODE(FILE_DEVICE_NETWORK, 0x841, METHOD_BUFFERED, FILE_READ_ACCESS)

#define DLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "lwfdrop: " fmt "\n", __VA_ARGS__)
#define DERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "lwfdrop: " fmt "\n", __VA_ARGS__)

typedef enum _DROP_MODULE_STATE {
    DropPaused = 0,
    DropRunning,
} DROP_MODULE_STATE;

typedef struct _DROP_MODULE {
    LIST_ENTRY          Link;
    NDIS_HANDLE         FilterHandle;
    NET_IFINDEX         IfIndex;
    DROP_MODULE_STATE   State;
    volatile LONG64     Dropped;
} DROP_MODULE, *PDROP_MODULE;

typedef struct _DROP_DRIVER {
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Modules;
    volatile LONG   EtherType;      /* host order */
} DROP_DRIVER, *PDROP_DRIVER;

extern DROP_DRIVER DropDriver;

/* ctl.c */
NDIS_STATUS DropCreateControlDevice(VOID);
VOID        DropDeleteControlDevice(VOID);

/* datapath.c */
FILTER_RECEIVE_NET_BUFFER_LISTS DropReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS  DropReturnNbls;
