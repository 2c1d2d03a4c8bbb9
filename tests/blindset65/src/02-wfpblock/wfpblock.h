#pragma once
//
// wfpblock - block outbound TCP connects to a short list of remote ports
// and log inbound accepts. WDM callout driver, IPv4 only for now.
//

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable:4201)   // nameless struct/union
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>
#include <guiddef.h>

#define WB_TAG          'kBfW'
#define WB_MAX_PORTS    8

#define WbPrint(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, lvl, "[wfpblock] " fmt "\n", __VA_ARGS__)
#define WbErr(fmt, ...)   WbPrint(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)
#define WbInfo(fmt, ...)  WbPrint(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)

// {6D0B0A61-3A0E-4B5B-9D5F-1E2A7C9D2F10}
DEFINE_GUID(WB_CALLOUT_CONNECT_V4,
    0x6d0b0a61, 0x3a0e, 0x4b5b, 0x9d, 0x5f, 0x1e, 0x2a, 0x7c, 0x9d, 0x2f, 0x10);
// {6D0B0A62-3A0E-4B5B-9D5F-1E2A7C9D2F10}
DEFINE_GUID(WB_CALLOUT_ACCEPT_V4,
    0x6d0b0a62, 0x3a0e, 0x4b5b, 0x9d, 0x5f, 0x1e, 0x2a, 0x7c, 0x9d, 0x2f, 0x10);
// {6D0B0A63-3A0E-4B5B-9D5F-1E2A7C9D2F10}
DEFINE_GUID(WB_SUBLAYER,
    0x6d0b0a63, 0x3a0e, 0x4b5b, 0x9d, 0x5f, 0x1e, 0x2a, 0x7c, 0x9d, 0x2f, 0x10);

typedef struct _WB_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    HANDLE         EngineHandle;
    UINT32         ConnectCalloutId;
    UINT32         AcceptCalloutId;
    UINT64         ConnectFilterId;
    UINT64         AcceptFilterId;
    UINT16         BlockedPorts[WB_MAX_PORTS];
    ULONG          BlockedPortCount;
    volatile LONG  BlockCount;
    volatile LONG  AcceptCount;
} WB_GLOBALS, *PWB_GLOBALS;

extern WB_GLOBALS Wb;

// callouts.c
NTSTATUS WbRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
VOID     WbUnregisterCallouts(VOID);

// filters.c
NTSTATUS WbAddFilters(VOID);
VOID     WbRemoveFilters(VOID);
