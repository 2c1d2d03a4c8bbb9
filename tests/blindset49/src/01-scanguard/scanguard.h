/*
 * scanguard.h - on-access scan minifilter, shared definitions
 *
 * (c) ScanGuard Labs. Internal build, do not redistribute.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define SG_TAG               'gcSS'
#define SG_PORT_NAME         L"\\ScanGuardPort"
#define SG_MAX_PATH_CHARS    512
#define SG_SCAN_TIMEOUT_MS   3000

#define SG_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[scanguard] " fmt "\n", __VA_ARGS__)
#define SG_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[scanguard] " fmt "\n", __VA_ARGS__)

/* relative timeout in 100ns units */
#define SG_MS_TO_RELATIVE(ms)  (-(LONGLONG)(ms) * 10 * 1000)

typedef struct _SG_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    PFLT_FILTER    Filter;
    PFLT_PORT      ServerPort;
    PFLT_PORT      ClientPort;       /* one scanner service at a time */
    PEPROCESS      ScannerProcess;   /* never scanned, never blocked */
    volatile LONG  ScansSent;
    volatile LONG  Blocked;
} SG_GLOBALS, *PSG_GLOBALS;

extern SG_GLOBALS g_Sg;

/* message sent to the user-mode scanner service */
typedef struct _SG_SCAN_REQUEST {
    ULONG  ProcessId;
    USHORT PathLength;                 /* in bytes, not terminated */
    USHORT Reserved;
    WCHAR  Path[SG_MAX_PATH_CHARS];
} SG_SCAN_REQUEST, *PSG_SCAN_REQUEST;

/* reply written by FilterReplyMessage (header stripped by fltmgr) */
typedef struct _SG_SCAN_REPLY {
    BOOLEAN Infected;
    UCHAR   Reserved[3];
} SG_SCAN_REPLY, *PSG_SCAN_REPLY;

typedef struct _SG_STREAMHANDLE_CONTEXT {
    BOOLEAN RescanOnCleanup;
} SG_STREAMHANDLE_CONTEXT, *PSG_STREAMHANDLE_CONTEXT;

/* port.c */
NTSTATUS
SgCreatePort(
    _In_ PFLT_FILTER Filter,
    _Outptr_result_maybenull_ PFLT_PORT *ServerPort
    );

NTSTATUS
SgScanFile(
    _In_ PFLT_CALLBACK_DATA Data,
    _Out_ PBOOLEAN Infected
    );
