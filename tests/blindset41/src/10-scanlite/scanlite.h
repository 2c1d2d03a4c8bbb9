#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define SCAN_TAG            'nacS'
#define SCAN_PORT_NAME      L"\\ScanLitePort"
#define SCAN_MAX_NAME       256

#define DBG_TRACE   0x1
#define DBG_ERROR   0x2
extern ULONG gTraceFlags;

#define SCAN_PRINT(_lvl, _x)                \
    if (FlagOn(gTraceFlags, (_lvl))) {      \
        DbgPrint _x;                        \
    }

typedef struct _SCAN_NOTIFICATION {
    ULONG  ProcessId;
    ULONG  Blocked;
    WCHAR  Name[SCAN_MAX_NAME];
} SCAN_NOTIFICATION, *PSCAN_NOTIFICATION;

typedef struct _SCAN_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ClientProcess;
    volatile LONG   BlockedCount;
} SCAN_GLOBALS, *PSCAN_GLOBALS;

extern SCAN_GLOBALS gScan;

/* port.c */
NTSTATUS ScanPortCreate(_In_ PFLT_FILTER Filter);
VOID     ScanPortClose(VOID);
VOID     ScanPortNotify(_In_ PSCAN_NOTIFICATION Notification);

/* ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI
ScanPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
              _In_ PCFLT_RELATED_OBJECTS FltObjects,
              _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI
ScanPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data,
               _In_ PCFLT_RELATED_OBJECTS FltObjects,
               _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);
