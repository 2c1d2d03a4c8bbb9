/*++

Module Name:

    wfpmon.h

Abstract:

    Connection monitor: WDM WFP callout driver that observes outbound
    ALE connect authorizations (IPv4 and IPv6) and logs them from a
    work item at PASSIVE_LEVEL. The callouts never change the verdict.

--*/

#pragma once

#define NDIS630 1

#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WM_TAG              'noMW'
#define WM_DEVICE_NAME      L"\\Device\\WfpMon"
#define WM_CALLOUT_COUNT    2

typedef struct _WM_RECORD {
    UINT64  ProcessId;
    UINT16  RemotePort;
    UINT8   Protocol;
    UINT8   Family;             // AF_INET / AF_INET6
    UINT8   RemoteAddress[16];
} WM_RECORD, *PWM_RECORD;

//
// Each lookaside entry holds a record followed by an IO_WORKITEM of
// IoSizeofWorkItem() bytes, so queuing never needs a separate allocation.
//
#define WM_RECORD_HEADER_SIZE   ALIGN_UP_BY(sizeof(WM_RECORD), MEMORY_ALLOCATION_ALIGNMENT)
#define WM_RECORD_WORKITEM(r)   ((PIO_WORKITEM)((PUCHAR)(r) + WM_RECORD_HEADER_SIZE))

typedef struct _WM_GLOBALS {
    PDEVICE_OBJECT          DeviceObject;
    HANDLE                  EngineHandle;
    UINT32                  CalloutIds[WM_CALLOUT_COUNT];
    ULONG                   CalloutsRegistered;
    NPAGED_LOOKASIDE_LIST   RecordPool;
    EX_RUNDOWN_REF          WorkRundown;
    volatile LONG64         Observed;
    volatile LONG64         Dropped;
} WM_GLOBALS, *PWM_GLOBALS;

extern WM_GLOBALS g_Wm;

// records.c
NTSTATUS WmRecordsInitialize(_In_ PDEVICE_OBJECT DeviceObject);
VOID     WmRecordsUninitialize(VOID);
VOID     WmRecordConnection(_In_ UINT8 Family, _In_reads_(AddressLength) const UINT8* RemoteAddress,
                            _In_ ULONG AddressLength, _In_ UINT16 RemotePort, _In_ UINT8 Protocol,
                            _In_ UINT64 ProcessId);

// callouts.c
NTSTATUS WmRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
VOID     WmUnregisterCallouts(VOID);
NTSTATUS WmAddFilters(VOID);
VOID     WmRemoveFilters(VOID);
