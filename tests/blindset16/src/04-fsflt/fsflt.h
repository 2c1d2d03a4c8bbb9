/*++

Module Name:

    fsflt.h

Abstract:

    Shared definitions for the FsFlt file activity minifilter. FsFlt records
    create/write/set-information activity on files whose extension is not
    excluded, and streams the records to a user-mode service through a
    filter communication port.

Environment:

    Kernel mode

--*/

#ifndef __FSFLT_H__
#define __FSFLT_H__

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define FSF_POOL_TAG_CONFIG     'cFsF'
#define FSF_POOL_TAG_EVENT      'eFsF'
#define FSF_POOL_TAG_CONTEXT    'xFsF'
#define FSF_POOL_TAG_NAME       'nFsF'

#define FSF_PORT_NAME           L"\\FsFltPort"
#define FSF_MAX_EXCLUSIONS      64
#define FSF_MAX_EXTENSION_CHARS 16
#define FSF_MAX_PATH_CHARS      260

//
// Debug output. Bits in Globals.DebugFlags (registry value "DebugFlags").
//
#define FSFDBG_INIT         0x00000001
#define FSFDBG_OPS          0x00000002
#define FSFDBG_COMM         0x00000004
#define FSFDBG_CONTEXT      0x00000008
#define FSFDBG_ERROR        0x80000000

#define FSF_DBG_PRINT(_level, _string)                  \
    (FlagOn(Globals.DebugFlags, (_level)) ?             \
        DbgPrint _string :                              \
        ((int)0))

//
// Globals.Flags: which parts of DriverEntry have completed. FsfTeardown
// consults these so that it can be used both from a failing DriverEntry
// and from the unload callback.
//
#define FSF_FLAG_CONFIG         0x00000001
#define FSF_FLAG_LOOKASIDE      0x00000002
#define FSF_FLAG_REGISTERED     0x00000004
#define FSF_FLAG_PORT           0x00000008
#define FSF_FLAG_STARTED        0x00000010

typedef struct _FSF_CONFIG {
    BOOLEAN         BlockUnload;
    BOOLEAN         MonitorWrites;
    BOOLEAN         MonitorRenames;
    ULONG           ExclusionCount;
    UNICODE_STRING  Exclusions[FSF_MAX_EXCLUSIONS];
    PWCHAR          ExclusionBuffer;        // backing storage for Exclusions[]
} FSF_CONFIG, *PFSF_CONFIG;

typedef enum _FSF_EVENT_KIND {
    FsfEventCreate = 1,
    FsfEventWrite,
    FsfEventRename,
    FsfEventDelete
} FSF_EVENT_KIND;

//
// Wire format of a record sent to the service.
//
typedef struct _FSF_EVENT {
    FSF_EVENT_KIND  Kind;
    ULONG           ProcessId;
    LARGE_INTEGER   Time;
    ULONG           NameLength;             // bytes
    WCHAR           Name[FSF_MAX_PATH_CHARS];
} FSF_EVENT, *PFSF_EVENT;

typedef struct _FSF_STREAM_CONTEXT {
    BOOLEAN         Excluded;
    volatile LONG   WriteCount;
    UNICODE_STRING  FileName;
} FSF_STREAM_CONTEXT, *PFSF_STREAM_CONTEXT;

typedef struct _FSF_GLOBALS {
    ULONG                   Flags;
    ULONG                   DebugFlags;
    PDRIVER_OBJECT          DriverObject;
    PFLT_FILTER             Filter;

    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    PEPROCESS               ClientProcess;
    EX_RUNDOWN_REF          ClientRundown;

    NPAGED_LOOKASIDE_LIST   EventLookaside;
    volatile LONG           EventsDropped;

    FSF_CONFIG              Config;
} FSF_GLOBALS, *PFSF_GLOBALS;

extern FSF_GLOBALS Globals;

//
// config.c
//
NTSTATUS
FsfConfigLoad(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PFSF_CONFIG Config,
    _Out_ PULONG DebugFlags
    );

VOID
FsfConfigFree(
    _Inout_ PFSF_CONFIG Config
    );

BOOLEAN
FsfConfigIsExcluded(
    _In_ PCUNICODE_STRING Extension
    );

//
// comm.c
//
NTSTATUS
FsfCommInit(
    _In_ PFLT_FILTER Filter
    );

VOID
FsfCommFini(
    VOID
    );

VOID
FsfCommPostEvent(
    _In_ FSF_EVENT_KIND Kind,
    _In_ PCUNICODE_STRING Name
    );

//
// ops.c
//
FLT_PREOP_CALLBACK_STATUS
FsfPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

FLT_POSTOP_CALLBACK_STATUS
FsfPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

FLT_PREOP_CALLBACK_STATUS
FsfPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

FLT_PREOP_CALLBACK_STATUS
FsfPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

VOID
FsfStreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    );

#endif // __FSFLT_H__
