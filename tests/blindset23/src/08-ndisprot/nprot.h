/*++

Copyright (c) Quillon Networks.  MIT licensed.

Module Name:

    nprot.h

Abstract:

    Shared definitions for nprotmon.sys, an NDIS 6.x protocol driver that
    binds to every Ethernet miniport, puts it into directed+broadcast
    receive mode, and keeps per-adapter frame/byte counters that a
    management service reads through a control device.

--*/

#pragma once

#include <ndis.h>
#include <ntstrsafe.h>

//
// Tags / names
//
#define NPROT_TAG_OPEN          'OtpN'
#define NPROT_TAG_REQUEST       'RtpN'
#define NPROT_TAG_NAME          'NtpN'

#define NPROT_DEVICE_NAME       L"\\Device\\NprotMon"
#define NPROT_SYMLINK_NAME      L"\\DosDevices\\NprotMon"
#define NPROT_PROTOCOL_NAME     L"NPROTMON"

#define NPROT_MAJOR_NDIS_VERSION    6
#define NPROT_MINOR_NDIS_VERSION    20

//
// Control interface
//
#define IOCTL_NPROT_QUERY_ADAPTERS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x200, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_NPROT_RESET_COUNTERS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x201, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define NPROT_MAX_NAME_CHARS    64

typedef struct _NPROT_ADAPTER_STATS {
    WCHAR       Name[NPROT_MAX_NAME_CHARS];
    ULONG64     Frames;
    ULONG64     Bytes;
    ULONG64     Broadcast;
    ULONG       MediaConnected;
} NPROT_ADAPTER_STATS, *PNPROT_ADAPTER_STATS;

//
// Tracing helpers
//
#if DBG
#define NPROT_TRACE(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (_lvl), "nprotmon!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#else
#define NPROT_TRACE(_lvl, _fmt, ...) ((void)0)
#endif

#define NPROT_ERR(_fmt, ...)   NPROT_TRACE(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define NPROT_INFO(_fmt, ...)  NPROT_TRACE(DPFLTR_INFO_LEVEL,  _fmt, __VA_ARGS__)

//
// Per-binding state
//
typedef enum _NPROT_OPEN_STATE {
    NprotOpenOpening = 0,
    NprotOpenRunning,
    NprotOpenPaused,
    NprotOpenClosing
} NPROT_OPEN_STATE;

typedef struct _NPROT_OPEN_CONTEXT {
    LIST_ENTRY          Link;
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;        // valid while an open is pending
    NDIS_HANDLE         UnbindContext;      // valid while a close is pending
    NPROT_OPEN_STATE    State;
    NDIS_MEDIUM         Medium;
    UINT                SelectedMediumIndex;
    ULONG               PendingRequests;
    NDIS_EVENT          RequestsIdle;
    ULONG               PacketFilter;
    NDIS_OPEN_PARAMETERS OpenParameters;    // must outlive a pending open

    volatile LONG64     Frames;
    volatile LONG64     Bytes;
    volatile LONG64     Broadcast;
    ULONG               MediaConnected;

    WCHAR               Name[NPROT_MAX_NAME_CHARS];
} NPROT_OPEN_CONTEXT, *PNPROT_OPEN_CONTEXT;

typedef struct _NPROT_REQUEST {
    NDIS_OID_REQUEST    Request;
    PNPROT_OPEN_CONTEXT Open;
    ULONG               Buffer;
} NPROT_REQUEST, *PNPROT_REQUEST;

//
// Driver-wide state.  InitStage records how far DriverEntry got; the
// shared teardown routine unwinds from there, so the failure path of
// DriverEntry and the unload routine use exactly the same code.
//
typedef enum _NPROT_INIT_STAGE {
    NprotStageNone = 0,
    NprotStageLocks,
    NprotStageDevice,
    NprotStageSymlink,
    NprotStageProtocol,
    NprotStageComplete
} NPROT_INIT_STAGE;

typedef struct _NPROT_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    PDEVICE_OBJECT      ControlDevice;
    NDIS_HANDLE         ProtocolHandle;
    NPROT_INIT_STAGE    InitStage;

    NDIS_SPIN_LOCK      OpenListLock;
    LIST_ENTRY          OpenList;
    ULONG               OpenCount;
} NPROT_GLOBALS, *PNPROT_GLOBALS;

extern NPROT_GLOBALS Globals;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NprotUnload;

VOID
NprotTeardown(
    _Inout_ PNPROT_GLOBALS G
    );

//
// control.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
NprotCreateControlDevice(
    _Inout_ PNPROT_GLOBALS G
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
NprotCreateSymbolicLink(
    _Inout_ PNPROT_GLOBALS G
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
NprotDeleteSymbolicLink(
    VOID
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
NprotDeleteControlDevice(
    _Inout_ PNPROT_GLOBALS G
    );

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH NprotDispatchOpenClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH NprotDispatchIoctl;

//
// protocol.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
NprotRegisterProtocol(
    _Inout_ PNPROT_GLOBALS G
    );

PROTOCOL_BIND_ADAPTER_EX            NprotBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX          NprotUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX   NprotOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX  NprotCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT              NprotPnpEvent;
PROTOCOL_UNINSTALL                  NprotUninstall;
PROTOCOL_OID_REQUEST_COMPLETE       NprotRequestComplete;
PROTOCOL_STATUS_EX                  NprotStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS   NprotReceiveNbls;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE NprotSendComplete;
