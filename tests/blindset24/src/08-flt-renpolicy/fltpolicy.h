/*++

Module Name:

    fltpolicy.h

Abstract:

    Shared declarations for the rename/delete policy minifilter.  Files whose
    name ends in one of the configured protected extensions get a stream
    context in post-create; SetInformation requests that would rename or
    delete such a stream are denied unless they come from kernel mode or
    from the process that owns the control port.

--*/

#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <ntstrsafe.h>

//
//  Pool tags
//

#define FP_TAG_CONFIG       'cPlF'
#define FP_TAG_STREAM_CTX   'sPlF'
#define FP_TAG_NAME         'nPlF'

#define FP_PORT_NAME        L"\\FltRenPolicyPort"
#define FP_MAX_EXTENSIONS   16
#define FP_MAX_EXT_CHARS    15

//
//  Trace helpers.  FP_LEAVE_IF_FAILED jumps to the common exit label of the
//  calling routine, which by convention is called "Cleanup".
//

#define FP_DBG_ERROR    0x00000001
#define FP_DBG_POLICY   0x00000002
#define FP_DBG_CONTEXT  0x00000004

extern ULONG FpDebugFlags;

#define FP_TRACE(_lvl, _fmt, ...)                                            \
    ((FlagOn(FpDebugFlags, (_lvl))) ?                                        \
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                  \
                   "FltRenPolicy!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__) : \
        ((int)0))

#define FP_LEAVE_IF_FAILED(_status, _what)                                   \
    if (!NT_SUCCESS(_status)) {                                              \
        FP_TRACE(FP_DBG_ERROR, "%s failed, status 0x%08X", (_what), (_status)); \
        goto Cleanup;                                                        \
    }

//
//  Initialization progress.  The teardown routine undoes everything at or
//  below the recorded stage, so the same routine serves the DriverEntry
//  failure path and FilterUnload.
//

typedef enum _FP_INIT_STAGE {
    FpStageNothing = 0,
    FpStageConfigLoaded,
    FpStageFilterRegistered,
    FpStagePortCreated,
    FpStageFiltering
} FP_INIT_STAGE;

typedef struct _FP_EXTENSION {
    USHORT Length;                      // in bytes, without terminator
    WCHAR  Buffer[FP_MAX_EXT_CHARS + 1];
} FP_EXTENSION, *PFP_EXTENSION;

typedef struct _FP_GLOBALS {

    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;         // at most one client
    PEPROCESS       ClientProcess;      // not referenced; cleared on disconnect

    FP_INIT_STAGE   Stage;

    //
    //  Configuration, loaded once in DriverEntry.
    //
    ULONG           ExtensionCount;
    PFP_EXTENSION   Extensions;         // FP_MAX_EXTENSIONS entries, FP_TAG_CONFIG

    //
    //  Statistics returned to the client.
    //
    volatile LONG   ProtectedOpens;
    volatile LONG   DeniedRenames;
    volatile LONG   DeniedDeletes;

} FP_GLOBALS, *PFP_GLOBALS;

extern FP_GLOBALS FpGlobals;

//
//  Stream context attached to every protected stream.
//

typedef struct _FP_STREAM_CONTEXT {
    UNICODE_STRING  FileName;           // FP_TAG_NAME buffer, freed by cleanup
    volatile LONG   RenameAttempts;
    volatile LONG   DeleteAttempts;
    BOOLEAN         Protected;
} FP_STREAM_CONTEXT, *PFP_STREAM_CONTEXT;

//
//  Messages on the control port.
//

typedef enum _FP_COMMAND {
    FpCmdGetStatistics = 1,
} FP_COMMAND;

typedef struct _FP_STATISTICS {
    LONG ProtectedOpens;
    LONG DeniedRenames;
    LONG DeniedDeletes;
} FP_STATISTICS, *PFP_STATISTICS;

//
//  driver.c
//

DRIVER_INITIALIZE DriverEntry;

NTSTATUS
FpFilterUnload (
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    );

NTSTATUS
FpInstanceSetup (
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

//
//  context.c
//

VOID
FpStreamContextCleanup (
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    );

NTSTATUS
FpGetOrCreateStreamContext (
    _In_ PFLT_CALLBACK_DATA Data,
    _In_ PCUNICODE_STRING FileName,
    _Outptr_ PFP_STREAM_CONTEXT *StreamContext
    );

//
//  policy.c
//

FLT_POSTOP_CALLBACK_STATUS
FpPostCreate (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );

FLT_PREOP_CALLBACK_STATUS
FpPreSetInformation (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );

NTSTATUS
FpCreateControlPort (
    VOID
    );
