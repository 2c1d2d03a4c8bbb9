// fsaudit.h - file activity audit minifilter: reports "modified" and "deleted"
// events to the audit service through the \FsAuditPort communication port.

#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define FSA_RECORD_TAG      'rAsF'
#define FSA_CONTEXT_TAG     'cAsF'
#define FSA_PORT_NAME       L"\\FsAuditPort"
#define FSA_NAME_CHARS      260
#define FSA_SEND_TIMEOUT_MS 100

//
// Event types; also used as bits in the audit mask.
//
#define FSA_EVENT_OPEN      0x00000001
#define FSA_EVENT_MODIFIED  0x00000002
#define FSA_EVENT_DELETED   0x00000004
#define FSA_EVENT_DEFAULT   (FSA_EVENT_MODIFIED | FSA_EVENT_DELETED)

typedef struct _FSA_RECORD {
    ULONG           EventType;
    ULONG           ProcessId;
    LARGE_INTEGER   Time;
    USHORT          NameLength;                 // bytes
    WCHAR           Name[FSA_NAME_CHARS];
} FSA_RECORD, *PFSA_RECORD;

typedef struct _FSA_COMMAND {
    ULONG           AuditMask;
} FSA_COMMAND, *PFSA_COMMAND;

typedef struct _FSA_HANDLE_CONTEXT {
    ULONG           OpenerProcessId;
    volatile LONG   Modified;
} FSA_HANDLE_CONTEXT, *PFSA_HANDLE_CONTEXT;

typedef struct _FSA_GLOBALS {
    PFLT_FILTER         Filter;
    PFLT_PORT           ServerPort;
    PFLT_PORT           ClientPort;
    EX_PUSH_LOCK        PortLock;           // protects ClientPort
    LOOKASIDE_LIST_EX   RecordPool;
    volatile LONG       AuditMask;
    volatile LONG       SendFailures;
} FSA_GLOBALS;

extern FSA_GLOBALS g_Fsa;
extern const FLT_REGISTRATION g_FsaRegistration;

//
// ops.c
//
FLT_POSTOP_CALLBACK_STATUS FLTAPI
FsaPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsaPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsaPreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI
FsaPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

//
// port.c
//
NTSTATUS FsaCreateServerPort(_In_ PFLT_FILTER Filter);
VOID     FsaSendRecord(_In_ PFLT_CALLBACK_DATA Data, _In_ ULONG EventType, _In_ ULONG ProcessId);
