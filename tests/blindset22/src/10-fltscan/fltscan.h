/*++

Module Name:

    fltscan.h

Abstract:

    Private header of the FltScan on-access scanning minifilter.

    FltScan asks a user-mode scan service (connected over the
    \FltScanPort communication port) for a verdict when an executable-type
    file is opened, and again when a modified file is cleaned up. It keeps a
    stream context per file to remember whether the stream was written to.

Environment:

    Kernel mode

--*/

#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define FS_TAG_GLOBAL           'gsSF'
#define FS_TAG_CONTEXT          'csSF'
#define FS_TAG_MESSAGE          'msSF'

#define FS_PORT_NAME            L"\\FltScanPort"
#define FS_MAX_PATH_CHARS       512
#define FS_DEFAULT_TIMEOUT_MS   3000

//
// Wire format shared with fsscansvc.exe
//
typedef enum _FS_SCAN_REASON {
    FsScanOnOpen    = 1,
    FsScanOnCleanup = 2
} FS_SCAN_REASON;

typedef struct _FS_SCAN_REQUEST {
    ULONG  Reason;                      // FS_SCAN_REASON
    ULONG  ProcessId;
    USHORT PathLength;                  // bytes
    WCHAR  Path[FS_MAX_PATH_CHARS];
} FS_SCAN_REQUEST, *PFS_SCAN_REQUEST;

typedef struct _FS_SCAN_REPLY {
    BOOLEAN Block;
} FS_SCAN_REPLY, *PFS_SCAN_REPLY;

typedef enum _FS_COMMAND {
    FsCmdEnable  = 1,
    FsCmdDisable = 2
} FS_COMMAND;

typedef struct _FS_COMMAND_MESSAGE {
    ULONG Command;                      // FS_COMMAND
} FS_COMMAND_MESSAGE, *PFS_COMMAND_MESSAGE;

//
// Contexts
//
typedef struct _FS_INSTANCE_CONTEXT {
    BOOLEAN IsNetwork;
    ULONG   SectorSize;
} FS_INSTANCE_CONTEXT, *PFS_INSTANCE_CONTEXT;

typedef struct _FS_STREAM_CONTEXT {
    volatile LONG Modified;             // set by pre-write, cleared at cleanup scan
    volatile LONG Blocked;              // last verdict
} FS_STREAM_CONTEXT, *PFS_STREAM_CONTEXT;

//
// Initialization stages. DriverEntry records the last stage it completed;
// FsTeardown undoes everything from that stage down. FilterUnload calls the
// same routine with FsStageRunning.
//
typedef enum _FS_STAGE {
    FsStageNone = 0,
    FsStageGlobals,                     // registry path copy, lookaside list
    FsStageRegistered,                  // FltRegisterFilter
    FsStagePortOpen,                    // FltCreateCommunicationPort
    FsStageRunning                      // FltStartFiltering
} FS_STAGE;

typedef struct _FS_GLOBALS {
    FS_STAGE                Stage;
    PDRIVER_OBJECT          DriverObject;
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;     // single scanner connection
    PEPROCESS               ScannerProcess;
    volatile LONG           Enabled;
    ULONG                   TimeoutMs;
    UNICODE_STRING          RegistryPath;   // deep copy
    NPAGED_LOOKASIDE_LIST   RequestLookaside;
} FS_GLOBALS, *PFS_GLOBALS;

extern FS_GLOBALS FsGlobals;

#define FS_LOG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "FltScan!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)

#define FS_LOG_ERROR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "FltScan!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI
FsFilterUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    );

//
// port.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
FsPortCreate(
    _Inout_ PFS_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
FsPortClose(
    _Inout_ PFS_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
FsPortScanFile(
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PCUNICODE_STRING Path,
    _In_ FS_SCAN_REASON Reason,
    _Out_ PBOOLEAN Block
    );

//
// context.c
//
extern const FLT_CONTEXT_REGISTRATION FsContextRegistration[];
extern const FLT_OPERATION_REGISTRATION FsOperationRegistration[];

NTSTATUS FLTAPI
FsInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

NTSTATUS FLTAPI
FsInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    );
