/*
 * netguard.h - NetGuard WFP callout driver.
 *
 * Blocks outbound IPv4/IPv6 connections to TCP/UDP ports on a block list
 * that the management service pushes through \\.\NetGuard, and counts
 * what it saw.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#include <ntstrsafe.h>

#define NG_TAG              'dGgN'
#define NG_MAX_PORTS        256
#define NG_DEVICE_NAME      L"\\Device\\NetGuard"
#define NG_SYMLINK_NAME     L"\\DosDevices\\NetGuard"

#define IOCTL_NG_SET_BLOCKLIST  CTL_CODE(FILE_DEVICE_NETWORK, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_NG_GET_COUNTERS   CTL_CODE(FILE_DEVICE_NETWORK, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

/* {5b1c2a7e-3f0d-4c6b-8a55-0e2d9f417c10} */
DEFINE_GUID(NG_SUBLAYER_KEY,
    0x5b1c2a7e, 0x3f0d, 0x4c6b, 0x8a, 0x55, 0x0e, 0x2d, 0x9f, 0x41, 0x7c, 0x10);
/* {5b1c2a7e-3f0d-4c6b-8a55-0e2d9f417c11} */
DEFINE_GUID(NG_CALLOUT_CONNECT_V4_KEY,
    0x5b1c2a7e, 0x3f0d, 0x4c6b, 0x8a, 0x55, 0x0e, 0x2d, 0x9f, 0x41, 0x7c, 0x11);
/* {5b1c2a7e-3f0d-4c6b-8a55-0e2d9f417c12} */
DEFINE_GUID(NG_CALLOUT_CONNECT_V6_KEY,
    0x5b1c2a7e, 0x3f0d, 0x4c6b, 0x8a, 0x55, 0x0e, 0x2d, 0x9f, 0x41, 0x7c, 0x12);

typedef struct _NG_COUNTERS {
    volatile LONG64 Inspected;
    volatile LONG64 Blocked;
} NG_COUNTERS, *PNG_COUNTERS;

typedef struct _NG_BLOCKLIST {
    ULONG   Count;
    USHORT  Ports[NG_MAX_PORTS];
} NG_BLOCKLIST, *PNG_BLOCKLIST;

typedef struct _NG_CALLOUT_DESC {
    const GUID*     CalloutKey;
    const GUID*     LayerKey;
    PCWSTR          Name;
    UINT32          RuntimeId;      /* from FwpsCalloutRegister, 0 if not registered */
} NG_CALLOUT_DESC, *PNG_CALLOUT_DESC;

#define NG_CALLOUT_COUNT 2

typedef struct _NG_GLOBALS {
    WDFDEVICE       ControlDevice;
    PDEVICE_OBJECT  WdmDevice;
    HANDLE          EngineHandle;
    NG_CALLOUT_DESC Callouts[NG_CALLOUT_COUNT];
    KSPIN_LOCK      BlockListLock;
    NG_BLOCKLIST    BlockList;
    NG_COUNTERS     Counters;
} NG_GLOBALS, *PNG_GLOBALS;

extern NG_GLOBALS g_Ng;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD NgEvtDriverUnload;

/* wfp.c */
NTSTATUS NgWfpRegister(_In_ PDEVICE_OBJECT WdmDevice);
VOID NgWfpUnregister(VOID);

/* classify.c */
void NTAPI NgClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT* classifyOut);
NTSTATUS NTAPI NgNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER* filter);

/* blocklist.c */
VOID NgBlockListInitialize(VOID);
NTSTATUS NgBlockListLoadDefaults(_In_ WDFDRIVER Driver);
NTSTATUS NgBlockListSet(_In_reads_(Count) const USHORT* Ports, _In_ ULONG Count);
BOOLEAN NgBlockListContains(_In_ USHORT Port);
