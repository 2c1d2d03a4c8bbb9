/*
 * wfpscan.h - WFP stream inspection callout: flags cleartext credentials
 * (USER/PASS, AUTH PLAIN, Authorization: Basic) on watched TCP ports and
 * optionally resets the connection.
 */
#pragma once

#include <ntddk.h>
#include <wdm.h>

#pragma warning(push)
#pragma warning(disable: 4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WS_TAG                  'nScW'
#define WS_DEVICE_NAME          L"\\Device\\WfpScan"
#define WS_SYMLINK_NAME         L"\\DosDevices\\WfpScan"
#define WS_MAX_PORTS            16
#define WS_SCAN_WINDOW          2048

/* {6E9D8C7B-2C53-4A5F-B1E6-93D2A8C4F011} */
DEFINE_GUID(WS_PROVIDER_KEY,
    0x6e9d8c7b, 0x2c53, 0x4a5f, 0xb1, 0xe6, 0x93, 0xd2, 0xa8, 0xc4, 0xf0, 0x11);
/* {6E9D8C7B-2C53-4A5F-B1E6-93D2A8C4F012} */
DEFINE_GUID(WS_SUBLAYER_KEY,
    0x6e9d8c7b, 0x2c53, 0x4a5f, 0xb1, 0xe6, 0x93, 0xd2, 0xa8, 0xc4, 0xf0, 0x12);
/* {6E9D8C7B-2C53-4A5F-B1E6-93D2A8C4F013} */
DEFINE_GUID(WS_CALLOUT_FLOW_ESTABLISHED_V4,
    0x6e9d8c7b, 0x2c53, 0x4a5f, 0xb1, 0xe6, 0x93, 0xd2, 0xa8, 0xc4, 0xf0, 0x13);
/* {6E9D8C7B-2C53-4A5F-B1E6-93D2A8C4F014} */
DEFINE_GUID(WS_CALLOUT_STREAM_V4,
    0x6e9d8c7b, 0x2c53, 0x4a5f, 0xb1, 0xe6, 0x93, 0xd2, 0xa8, 0xc4, 0xf0, 0x14);

#define IOCTL_WS_SET_PORTS  CTL_CODE(FILE_DEVICE_NETWORK, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WS_GET_STATS  CTL_CODE(FILE_DEVICE_NETWORK, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _WS_PORT_LIST {
    ULONG   Count;
    USHORT  Ports[WS_MAX_PORTS];
    BOOLEAN ResetOnMatch;
} WS_PORT_LIST, *PWS_PORT_LIST;

typedef struct _WS_STATS {
    LONG64  FlowsTracked;
    LONG64  BytesScanned;
    LONG64  Matches;
    LONG64  Resets;
} WS_STATS, *PWS_STATS;

typedef struct _WS_FLOW {
    UINT64  FlowId;
    UINT32  RemoteAddress;
    UINT16  RemotePort;
    UINT16  LocalPort;
    ULONG   BytesSeen;
    BOOLEAN Matched;
} WS_FLOW, *PWS_FLOW;

typedef struct _WS_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    BOOLEAN         SymlinkCreated;
    HANDLE          EngineHandle;
    UINT32          FlowCalloutId;
    UINT32          StreamCalloutId;
    UINT64          FlowFilterId;
    UINT64          StreamFilterId;

    KSPIN_LOCK      ConfigLock;
    WS_PORT_LIST    Ports;
    WS_STATS        Stats;
} WS_GLOBALS;

extern WS_GLOBALS g_Ws;

/* callouts.c */
NTSTATUS WsRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
VOID     WsUnregisterCallouts(VOID);

/* engine.c */
NTSTATUS WsAddFilters(VOID);
