/*++

Copyright (c) Northwind Security.  All rights reserved.

Module Name:

    audflt.h

Abstract:

    File-change audit minifilter.  Tracks per-stream modification state in
    stream contexts, per-volume information in instance contexts, and
    reports modified / deleted / renamed files to a single user-mode
    service over a filter communication port.

Environment:

    Kernel mode.

--*/

#pragma once

#include <fltKernel.h>
#include <ntstrsafe.h>

//
// Pool tags.
//
#define AUD_TAG_INSTANCE_CTX    'iduA'
#define AUD_TAG_STREAM_CTX      'sduA'
#define AUD_TAG_NAME            'nduA'
#define AUD_TAG_MESSAGE         'mduA'

#define AUD_PORT_NAME           L"\\AuditFilterPort"
#define AUD_MAX_CONNECTIONS     1
#define AUD_VOLUME_NAME_CCH     64
#define AUD_SEND_TIMEOUT_MS     200

//
// Debug output.  AudDebugFlags can be poked from the debugger.
//
#define AUD_DBG_ERROR       0x00000001
#define AUD_DBG_INIT        0x00000002
#define AUD_DBG_PORT        0x00000004
#define AUD_DBG_OPS         0x00000008
#define AUD_DBG_CONTEXT     0x00000010

extern ULONG AudDebugFlags;

#define AUD_DBG(_flag, _fmt, ...)                                                   \
    do {                                                                            \
        if (FlagOn(AudDebugFlags, (_flag))) {                                       \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                      \
                       "audflt!%s: " _fmt "\n", __FUNCTION__, ##__VA_ARGS__);        \
        }                                                                           \
    } while (0)

//
// Break-ladder helper for do { } while (0) blocks.
//
#define AUD_BREAK_ON_FAILURE(_status, _what)                                        \
    if (!NT_SUCCESS(_status)) {                                                     \
        AUD_DBG(AUD_DBG_ERROR, "%s failed 0x%08X", (_what), (_status));             \
        break;                                                                      \
    }

//
// Audit mask bits (shared with the service).
//
#define AUD_AUDIT_MODIFY        0x00000001
#define AUD_AUDIT_DELETE        0x00000002
#define AUD_AUDIT_RENAME        0x00000004
#define AUD_AUDIT_DEFAULT       (AUD_AUDIT_MODIFY | AUD_AUDIT_DELETE | AUD_AUDIT_RENAME)

//
// Messages.
//
typedef enum _AUD_EVENT_TYPE {
    AudEventModified = 1,
    AudEventDeleted,
    AudEventRenamed
} AUD_EVENT_TYPE;

#define AUD_MAX_PATH_CCH        520

typedef struct _AUD_EVENT_MESSAGE {
    ULONG           Version;
    AUD_EVENT_TYPE  Type;
    LONG64          Sequence;
    ULONG_PTR       ProcessId;
    LARGE_INTEGER   Timestamp;
    WCHAR           Volume[AUD_VOLUME_NAME_CCH];
    WCHAR           Path[AUD_MAX_PATH_CCH];
} AUD_EVENT_MESSAGE, *PAUD_EVENT_MESSAGE;

#define AUD_MESSAGE_VERSION     2

typedef enum _AUD_COMMAND {
    AudCommandSetMask = 1,
    AudCommandGetStatistics,
    AudCommandPause,
    AudCommandResume
} AUD_COMMAND;

typedef struct _AUD_COMMAND_MESSAGE {
    AUD_COMMAND Command;
    ULONG       Argument;
} AUD_COMMAND_MESSAGE, *PAUD_COMMAND_MESSAGE;

typedef struct _AUD_STATISTICS {
    LONG64 EventsSent;
    LONG64 EventsDropped;
    LONG64 StreamContextsCreated;
    LONG   InstancesAttached;
} AUD_STATISTICS, *PAUD_STATISTICS;

//
// Contexts.
//
typedef struct _AUD_INSTANCE_CONTEXT {
    PFLT_INSTANCE       Instance;
    PFLT_VOLUME         Volume;
    FLT_FILESYSTEM_TYPE FileSystemType;
    DEVICE_TYPE         VolumeDeviceType;
    WCHAR               VolumeNameBuffer[AUD_VOLUME_NAME_CCH];
} AUD_INSTANCE_CONTEXT, *PAUD_INSTANCE_CONTEXT;

typedef struct _AUD_STREAM_CONTEXT {
    UNICODE_STRING  FileName;           // owned, AUD_TAG_NAME
    volatile LONG   Modified;
    volatile LONG   OpenCount;
} AUD_STREAM_CONTEXT, *PAUD_STREAM_CONTEXT;

//
// Global data.
//
typedef struct _AUD_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;

    //
    // Client connection, protected by ClientLock.
    //
    EX_PUSH_LOCK    ClientLock;
    BOOLEAN         ClientLockInitialized;
    PFLT_PORT       ClientPort;
    HANDLE          ClientProcessId;

    //
    // Configuration, protected by ConfigResource.
    //
    ERESOURCE       ConfigResource;
    BOOLEAN         ConfigResourceInitialized;
    ULONG           AuditMask;
    BOOLEAN         Paused;
    BOOLEAN         AuditNetworkVolumes;

    volatile LONG64 Sequence;
    AUD_STATISTICS  Stats;
} AUD_GLOBALS, *PAUD_GLOBALS;

extern AUD_GLOBALS g_Aud;
extern CONST FLT_REGISTRATION AudFilterRegistration;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;

NTSTATUS
AudFilterUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    );

NTSTATUS
AudInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

NTSTATUS
AudInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    );

VOID
AudInstanceTeardownComplete(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_TEARDOWN_FLAGS Flags
    );

//
// port.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
AudCreateServerPort(
    _Inout_ PAUD_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
AudCloseServerPort(
    _Inout_ PAUD_GLOBALS Globals
    );

_IRQL_requires_max_(APC_LEVEL)
VOID
AudSendEvent(
    _In_ AUD_EVENT_TYPE Type,
    _In_ PAUD_INSTANCE_CONTEXT InstanceContext,
    _In_ PCUNICODE_STRING FileName
    );

//
// operations.c
//
FLT_PREOP_CALLBACK_STATUS
AudPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

FLT_POSTOP_CALLBACK_STATUS
AudPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

FLT_PREOP_CALLBACK_STATUS
AudPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

FLT_PREOP_CALLBACK_STATUS
AudPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

FLT_POSTOP_CALLBACK_STATUS
AudPostSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

FLT_PREOP_CALLBACK_STATUS
AudPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

VOID
AudInstanceContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    );

VOID
AudStreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    );
