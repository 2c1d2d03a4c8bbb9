/*++
Module Name:
    scanflt.h

Abstract:
    Content-scan notification minifilter: shared declarations.

Environment:
    Kernel mode
--*/
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define SF_TAG_GLOBAL       'gFcS'
#define SF_TAG_STREAMH_CTX  'hFcS'
#define SF_TAG_MESSAGE      'mFcS'

#define SF_PORT_NAME        L"\\ScanFltPort"
#define SF_MAX_CONNECTIONS  1
#define SF_READ_CHUNK       1024
#define SF_REPLY_TIMEOUT_MS 3000

//
// Tracing
//
#define SF_DBG_ERROR    0x00000001
#define SF_DBG_PORT     0x00000002
#define SF_DBG_OPS      0x00000004

extern ULONG g_SfTraceFlags;

#define SF_TRACE(_flag, _fmt, ...)                                          \
    (FlagOn(g_SfTraceFlags, (_flag)) ?                                      \
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                 \
                   "scanflt: " _fmt "\n", __VA_ARGS__) :                    \
        ((int)0))

#define CHK(_expr)                                                          \
    do {                                                                    \
        status = (_expr);                                                   \
        if (!NT_SUCCESS(status)) {                                          \
            SF_TRACE(SF_DBG_ERROR, "%s -> 0x%08X", #_expr, status);         \
            goto Cleanup;                                                   \
        }                                                                   \
    } while (0)

//
// Messages exchanged with the user-mode scanner.
//
typedef enum _SF_COMMAND {
    SfCmdGetVersion = 1,
    SfCmdSetEnabled = 2
} SF_COMMAND;

typedef struct _SF_COMMAND_MESSAGE {
    SF_COMMAND Command;
    ULONG      Value;
} SF_COMMAND_MESSAGE, *PSF_COMMAND_MESSAGE;

typedef struct _SF_NOTIFICATION {
    ULONG BytesToScan;
    ULONG Reserved;
    UCHAR Contents[SF_READ_CHUNK];
} SF_NOTIFICATION, *PSF_NOTIFICATION;

typedef struct _SF_REPLY {
    BOOLEAN SafeToOpen;
} SF_REPLY, *PSF_REPLY;

typedef struct _SF_REPLY_MESSAGE {
    FILTER_REPLY_HEADER ReplyHeader;
    SF_REPLY            Reply;
} SF_REPLY_MESSAGE, *PSF_REPLY_MESSAGE;

//
// Stream handle context: one per handle opened for write.
//
typedef struct _SF_STREAMHANDLE_CONTEXT {
    BOOLEAN RescanRequired;
    ULONG   WriteCount;
} SF_STREAMHANDLE_CONTEXT, *PSF_STREAMHANDLE_CONTEXT;

//
// Global state.
//
typedef struct _SF_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    PEPROCESS               UserProcess;
    ERESOURCE               PortLock;
    NPAGED_LOOKASIDE_LIST   NotificationLookaside;
    ULONG                   InitFlags;
    volatile LONG           Enabled;
} SF_GLOBALS, *PSF_GLOBALS;

#define SF_INIT_PORT_LOCK   0x00000001
#define SF_INIT_LOOKASIDE   0x00000002

extern SF_GLOBALS g_Sf;
extern const FLT_REGISTRATION g_SfRegistration;

//
// main.c
//
DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI
SfUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    );

NTSTATUS FLTAPI
SfInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

NTSTATUS FLTAPI
SfInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    );

//
// port.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
SfCreateServerPort(
    _Inout_ PSF_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
SfCloseServerPort(
    _Inout_ PSF_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
SfScanFileInUserMode(
    _In_ PFLT_INSTANCE Instance,
    _In_ PFILE_OBJECT FileObject,
    _Out_ PBOOLEAN SafeToOpen
    );

//
// ops.c
//
FLT_POSTOP_CALLBACK_STATUS FLTAPI
SfPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

VOID FLTAPI
SfStreamHandleContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    );
