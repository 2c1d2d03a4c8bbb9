/*
 * wfpblock.h - tiny WFP callout that blocks outbound IPv4 connects to a
 * list of TCP ports (telnet, rlogin ... by default).
 */
#ifndef WFPBLOCK_H
#define WFPBLOCK_H

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable:4201)       /* nameless struct/union */
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define WB_TAG              'kBfW'
#define WB_DEVICE_NAME      L"\\Device\\WfpBlock"
#define WB_MAX_PORTS        8

#define WB_PRINT(fmt, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "[wfpblock] " fmt "\n", ##__VA_ARGS__)
#define WB_CHECK(st, what)  if (!NT_SUCCESS(st)) { WB_PRINT("%s failed: 0x%08X", what, st); }

/* {6A3D0F12-8C47-4E2B-9A51-D07E2B93C4A6} */
DEFINE_GUID(WB_CALLOUT_CONNECT_V4,
    0x6a3d0f12, 0x8c47, 0x4e2b, 0x9a, 0x51, 0xd0, 0x7e, 0x2b, 0x93, 0xc4, 0xa6);
/* {1F94C2B8-35DE-4A07-8B6C-E2A4105F7D39} */
DEFINE_GUID(WB_SUBLAYER,
    0x1f94c2b8, 0x35de, 0x4a07, 0x8b, 0x6c, 0xe2, 0xa4, 0x10, 0x5f, 0x7d, 0x39);

typedef struct _WB_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    UINT32          CalloutId;          /* runtime id from FwpsCalloutRegister */
    HANDLE          EngineHandle;
    UINT64          FilterId;
    BOOLEAN         CalloutRegistered;
    USHORT          BlockedPorts[WB_MAX_PORTS];
    ULONG           BlockedPortCount;
    volatile LONG   BlockCount;
} WB_GLOBALS;

extern WB_GLOBALS gWb;

/* callout.c */
NTSTATUS WbRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
VOID     WbUnregisterCallouts(VOID);

/* engine.c */
NTSTATUS WbAddFilters(VOID);
VOID     WbRemoveFilters(VOID);

#endif
