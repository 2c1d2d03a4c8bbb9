/*
 * scanport.h - ScanPort minifilter
 *
 * Asks a user mode service (scansvc.exe) whether a file may be opened.
 * Only files with one of the watched extensions are sent up.
 */
#pragma once

#include <fltKernel.h>

#define SP_PORT_NAME        L"\\ScanPortComm"
#define SP_TAG              'tpcS'
#define SP_MAX_PATH_CHARS   260
#define SP_REPLY_TIMEOUT_MS 3000

/* message going up */
typedef struct _SP_NOTIFICATION {
    ULONG ProcessId;
    ULONG PathChars;
    WCHAR Path[SP_MAX_PATH_CHARS];
} SP_NOTIFICATION, *PSP_NOTIFICATION;

/* reply coming down (user side prefixes a FILTER_REPLY_HEADER) */
typedef struct _SP_REPLY {
    BOOLEAN Allow;
    UCHAR   Reserved[3];
} SP_REPLY, *PSP_REPLY;

typedef struct _SP_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    PEPROCESS   ClientProcess;
    volatile LONG Blocked;
    volatile LONG Asked;
} SP_GLOBALS;

extern SP_GLOBALS Globals;

#define DBG_TRACE(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "ScanPort: " __VA_ARGS__)
#define DBG_ERR(...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "ScanPort!! " __VA_ARGS__)

/* port.c */
NTSTATUS SpCreatePort(_In_ PFLT_FILTER Filter);
VOID     SpClosePort(VOID);
BOOLEAN  SpAskUser(_In_ PCUNICODE_STRING Path, _Out_ PBOOLEAN Allow);
