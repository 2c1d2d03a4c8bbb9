#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

//
// ScanFilt - asks a user mode service whether an executable may be opened.
// No client connected -> everything is allowed.
//

#define SF_PORT_NAME        L"\\ScanFiltPort"
#define SF_TAG              'tlFS'
#define SF_MAX_PATH         520
#define SF_REPLY_TIMEOUT_MS 3000

#define SF_VERDICT_ALLOW    0
#define SF_VERDICT_BLOCK    1

#define SfDbg(_fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "ScanFilt: " _fmt, __VA_ARGS__)

typedef struct _SF_REQUEST {
    ULONG ProcessId;
    ULONG PathLength;               // bytes
    WCHAR Path[SF_MAX_PATH];
} SF_REQUEST, *PSF_REQUEST;

typedef struct _SF_REPLY {
    ULONG Verdict;
} SF_REPLY, *PSF_REPLY;

// FltSendMessage writes FILTER_REPLY_HEADER + SF_REPLY
typedef struct _SF_REPLY_BUFFER {
    FILTER_REPLY_HEADER Header;
    SF_REPLY            Reply;
} SF_REPLY_BUFFER, *PSF_REPLY_BUFFER;

typedef struct _SF_DATA {
    PDRIVER_OBJECT           DriverObject;
    PFLT_FILTER              Filter;
    PFLT_PORT                ServerPort;
    PFLT_PORT                ClientPort;
    PEPROCESS                ClientProcess;
    NPAGED_LOOKASIDE_LIST    RequestLookaside;
    volatile LONG            Blocked;
} SF_DATA, *PSF_DATA;

extern SF_DATA g_Sf;

// comm.c
NTSTATUS SfCreatePort(VOID);
VOID     SfClosePort(VOID);
ULONG    SfAskVerdict(_In_ PCUNICODE_STRING Path);

// ops.c
FLT_PREOP_CALLBACK_STATUS FLTAPI
SfPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

FLT_POSTOP_CALLBACK_STATUS FLTAPI
SfPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
