/*++
Module Name:
    lwprot.h

Abstract:
    Lightweight NDIS 6.30 protocol driver that binds to Ethernet miniports
    and counts frames per EtherType for a user-mode diagnostics tool.

Environment:
    Kernel mode
--*/
#pragma once

#ifndef NDIS630
#define NDIS630 1
#endif

#include <ndis.h>
#include <ntstrsafe.h>

#define LW_TAG                  'torL'
#define LW_DEVICE_NAME          L"\\Device\\LwProt"
#define LW_LINK_NAME            L"\\DosDevices\\LwProt"
#define LW_PROTOCOL_NAME        L"LWPROT"
#define LW_MAX_OPENS            16
#define LW_ETHERTYPE_SLOTS      8

#define FILE_DEVICE_LWPROT      0x9D04
#define IOCTL_LWPROT_QUERY_STATS \
    CTL_CODE(FILE_DEVICE_LWPROT, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LW_TRACE(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "lwprot: " _fmt "\n", __VA_ARGS__)
#define LW_ERROR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "lwprot: " _fmt "\n", __VA_ARGS__)

#define CHK(_expr)                                                          \
    do {                                                                    \
        status = (_expr);                                                   \
        if (!NT_SUCCESS(status)) {                                          \
            LW_ERROR("%s failed 0x%08X", #_expr, status);                   \
            goto Cleanup;                                                   \
        }                                                                   \
    } while (0)

typedef enum _LW_OPEN_STATE {
    LwOpenInitializing = 0,
    LwOpenRunning,
    LwOpenPaused,
    LwOpenClosing
} LW_OPEN_STATE;

typedef struct _LW_STATS_ENTRY {
    USHORT  EtherType;
    USHORT  Reserved;
    ULONG   Frames;
} LW_STATS_ENTRY;

typedef struct _LW_OPEN_CONTEXT {
    LIST_ENTRY       Link;
    NDIS_HANDLE      BindingHandle;
    NDIS_HANDLE      BindContext;
    NDIS_HANDLE      UnbindContext;
    LW_OPEN_STATE    State;
    NET_IFINDEX      IfIndex;
    NDIS_MEDIUM      Medium;
    UINT             SelectedMediumIndex;
    volatile LONG64  FramesReceived;
    LW_STATS_ENTRY   EtherTypes[LW_ETHERTYPE_SLOTS];
    NDIS_SPIN_LOCK   StatsLock;
} LW_OPEN_CONTEXT, *PLW_OPEN_CONTEXT;

typedef struct _LW_STATS_RECORD {
    NET_IFINDEX     IfIndex;
    ULONG           Reserved;
    LONG64          FramesReceived;
    LW_STATS_ENTRY  EtherTypes[LW_ETHERTYPE_SLOTS];
} LW_STATS_RECORD, *PLW_STATS_RECORD;

//
// Driver globals. Each field that owns something is torn down by
// LwReleaseGlobals only if it is non-NULL / flagged.
//
typedef struct _LW_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         SymbolicLinkCreated;
    BOOLEAN         LockAllocated;
    NDIS_HANDLE     ProtocolHandle;
    NDIS_SPIN_LOCK  OpenListLock;
    LIST_ENTRY      OpenList;
    ULONG           OpenCount;
} LW_GLOBALS, *PLW_GLOBALS;

extern LW_GLOBALS g_Lw;

//
// main.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwUnload;

//
// device.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
LwCreateControlDevice(
    _Inout_ PLW_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LwDeleteControlDevice(
    _Inout_ PLW_GLOBALS Globals
    );

//
// protocol.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS
LwRegisterProtocol(
    _Inout_ PLW_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LwDeregisterProtocol(
    _Inout_ PLW_GLOBALS Globals
    );

ULONG
LwSnapshotStats(
    _Out_writes_(MaxRecords) PLW_STATS_RECORD Records,
    _In_ ULONG MaxRecords
    );
