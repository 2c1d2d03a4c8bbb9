#pragma once

#include <fltKernel.h>
#include "trace.h"

#define SCAN_TAG            'pnaS'
#define SCAN_PORT_NAME      L"\\ScanPort"
#define SCAN_READ_SIZE      4096
#define SCAN_REPLY_TIMEOUT  (-10LL * 1000 * 1000 * 3)  /* 3s */

typedef struct _SCAN_REQUEST {
    ULONG BytesToScan;
    ULONG ProcessId;
    UCHAR Contents[SCAN_READ_SIZE];
} SCAN_REQUEST, *PSCAN_REQUEST;

typedef struct _SCAN_REPLY {
    BOOLEAN Clean;
} SCAN_REPLY, *PSCAN_REPLY;

typedef struct _SCAN_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    PEPROCESS   UserProcess;
    volatile LONG Scanned;
    volatile LONG Blocked;
} SCAN_GLOBALS;

extern SCAN_GLOBALS g_Scan;

NTSTATUS ScanCommInitialize(_In_ PFLT_FILTER Filter);
VOID     ScanCommShutdown(VOID);
BOOLEAN  ScanAskUser(_In_ PCFLT_RELATED_OBJECTS FltObjects);
