/*++
    scanfilt - asks a user mode service (scansvc.exe) whether an
    executable may be opened. No service connected == allow everything.
--*/
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define SCANFILT_PORT_NAME      L"\\ScanFiltPort"
#define SCANFILT_TAG            'lFcS'
#define SCANFILT_MAX_PATH       520         // WCHARs
#define SCANFILT_TIMEOUT_MS     3000

#define SC_DBG(...)             DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "scanfilt: " __VA_ARGS__)

//
// message layout, keep in sync with scansvc\protocol.h
//
typedef struct _SCAN_REQUEST {
    ULONG   ProcessId;
    USHORT  PathLength;                         // bytes
    WCHAR   Path[SCANFILT_MAX_PATH];
} SCAN_REQUEST, *PSCAN_REQUEST;

typedef struct _SCAN_REPLY {
    BOOLEAN Allow;
} SCAN_REPLY, *PSCAN_REPLY;

typedef struct _SCANFILT_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ServiceProcess;
    volatile LONG   Blocked;
    volatile LONG   Scanned;
} SCANFILT_GLOBALS;

extern SCANFILT_GLOBALS g_Sc;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS ScUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS ScInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

NTSTATUS ScQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS ScPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

NTSTATUS ScCreatePort(_In_ PFLT_FILTER Filter, _Outptr_ PFLT_PORT* ServerPort);
