#pragma once
//
// wfpblock - KMDF (non-PnP) WFP callout that blocks outbound IPv4
// connections to a small list of remote ports (C2 / RAT ports).
//
#define NDIS630 1

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#pragma warning(push)
#pragma warning(disable:4201)   // nameless struct/union
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WB_TAG          'kBfW'
#define WB_MAX_PORTS    32
#define WB_DEVICE_NAME  L"\\Device\\WfpBlock"
#define WB_LINK_NAME    L"\\DosDevices\\WfpBlock"

#define IOCTL_WB_ADD_PORT   CTL_CODE(FILE_DEVICE_NETWORK, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WB_GET_STATS  CTL_CODE(FILE_DEVICE_NETWORK, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

#define WB_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wfpblock: " fmt "\n", __VA_ARGS__)

typedef struct _WB_GLOBALS {
    WDFDEVICE      ControlDevice;
    PDEVICE_OBJECT WdmDevice;

    HANDLE         EngineHandle;
    UINT32         CalloutIdV4;
    BOOLEAN        CalloutRegistered;
    UINT64         FilterIdV4;

    KSPIN_LOCK     PortLock;
    ULONG          PortCount;
    UINT16         Ports[WB_MAX_PORTS];
    volatile LONG  BlockedCount;
} WB_GLOBALS, *PWB_GLOBALS;

extern WB_GLOBALS g_Wb;

extern const GUID WB_CALLOUT_CONNECT_V4;
extern const GUID WB_SUBLAYER;

// callout.c
VOID     WbInitPorts(VOID);
NTSTATUS WbAddPort(_In_ UINT16 Port);
NTSTATUS WbRegisterCallout(_In_ PDEVICE_OBJECT DeviceObject);
VOID     WbUnregisterCallout(VOID);
NTSTATUS WbAddManagementObjects(VOID);
VOID     WbRemoveManagementObjects(VOID);
