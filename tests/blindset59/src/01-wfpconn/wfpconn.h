/*
 * wfpconn.h - shared declarations for the outbound connection counter
 *
 * Counts outbound TCP connect attempts at FWPM_LAYER_ALE_AUTH_CONNECT_V4
 * and exposes a small per-port histogram to user mode via one IOCTL.
 */
#pragma once

#define NDIS61 1

#include <ntddk.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable:4201)   // nameless struct/union in fwpsk.h
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WFC_TAG             'cfWW'
#define WFC_DEVICE_NAME     L"\\Device\\WfpConn"
#define WFC_LINK_NAME       L"\\DosDevices\\WfpConn"
#define WFC_PROTO_TCP       6
#define WFC_PORT_BUCKETS    64

#define IOCTL_WFC_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

#if DBG
#define WFC_LOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "[wfpconn] " fmt, __VA_ARGS__)
#else
#define WFC_LOG(fmt, ...)   ((void)0)
#endif

// {5e8a1b77-0c3f-4f0e-9d7a-3b1f2c6a9e01}
DEFINE_GUID(WFC_CALLOUT_CONNECT_V4,
    0x5e8a1b77, 0x0c3f, 0x4f0e, 0x9d, 0x7a, 0x3b, 0x1f, 0x2c, 0x6a, 0x9e, 0x01);

// {5e8a1b77-0c3f-4f0e-9d7a-3b1f2c6a9e02}
DEFINE_GUID(WFC_FILTER_CONNECT_V4,
    0x5e8a1b77, 0x0c3f, 0x4f0e, 0x9d, 0x7a, 0x3b, 0x1f, 0x2c, 0x6a, 0x9e, 0x02);

typedef struct _WFC_PORT_BUCKET {
    UINT16  Port;
    UINT16  Pad;
    ULONG   Hits;
} WFC_PORT_BUCKET, *PWFC_PORT_BUCKET;

typedef struct _WFC_STATS {
    ULONG           TotalConnects;
    ULONG           Dropped;        // ports that did not fit in the table
    WFC_PORT_BUCKET Buckets[WFC_PORT_BUCKETS];
} WFC_STATS, *PWFC_STATS;

typedef struct _WFPCONN_GLOBALS {
    PDEVICE_OBJECT  Device;
    HANDLE          EngineHandle;
    UINT32          CalloutId;       // runtime id from FwpsCalloutRegister0
    UINT32          MgmtCalloutId;   // id from FwpmCalloutAdd0
    UINT64          FilterId;
    KSPIN_LOCK      StatsLock;
    WFC_STATS       Stats;
} WFPCONN_GLOBALS, *PWFPCONN_GLOBALS;

extern WFPCONN_GLOBALS g;

// callout.c
NTSTATUS WfcRegisterCallout(_In_ PDEVICE_OBJECT DeviceObject, _In_ HANDLE Engine);
VOID     WfcUnregisterCallout(VOID);
NTSTATUS WfcAddFilter(_In_ HANDLE Engine);
