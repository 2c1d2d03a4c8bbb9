/*++

Module Name:

    scanguard.h

Abstract:

    Declarations for the ScanGuard on-access scanning minifilter.  The
    user-mode service connects to \ScanGuardPort and answers scan
    requests for files that are opened for execute.

Environment:

    Kernel mode

--*/
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define SG_POOL_TAG             'gScS'
#define SG_PORT_NAME            L"\\ScanGuardPort"
#define SG_MAX_CONNECTIONS      1
#define SG_READ_BUFFER_SIZE     1024

typedef struct _SG_INSTANCE_CONTEXT {
    PFLT_INSTANCE   Instance;
    PFLT_VOLUME     Volume;
    BOOLEAN         IsNetwork;
    ULONG           SectorSize;
} SG_INSTANCE_CONTEXT, *PSG_INSTANCE_CONTEXT;

typedef struct _SG_STREAM_CONTEXT {
    volatile LONG   ScanGeneration;
    BOOLEAN         Infected;
    BOOLEAN         Modified;
} SG_STREAM_CONTEXT, *PSG_STREAM_CONTEXT;

typedef struct _SG_SCAN_REQUEST {
    ULONG   BytesToScan;
    ULONG   Reserved;
    UCHAR   Contents[SG_READ_BUFFER_SIZE];
} SG_SCAN_REQUEST, *PSG_SCAN_REQUEST;

typedef struct _SG_SCAN_REPLY {
    BOOLEAN SafeToOpen;
} SG_SCAN_REPLY, *PSG_SCAN_REPLY;

typedef struct _SG_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    PEPROCESS               UserProcess;
    NPAGED_LOOKASIDE_LIST   RequestLookaside;
    volatile LONG           Generation;
} SG_GLOBALS;

extern SG_GLOBALS SgData;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI SgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS FLTAPI SgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

NTSTATUS FLTAPI SgInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI SgPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

FLT_POSTOP_CALLBACK_STATUS FLTAPI SgPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI SgPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

VOID FLTAPI SgContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);

NTSTATUS SgCreatePort(_In_ PFLT_FILTER Filter);
VOID     SgClosePort(VOID);
