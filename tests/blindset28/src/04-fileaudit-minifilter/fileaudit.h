/*
 * FileAudit minifilter - pushes "who opened what" records to a user mode
 * collector over a filter communication port.
 *
 * Collector: tools/faclient.exe (FilterConnectCommunicationPort + FilterGetMessage)
 */
#pragma once

#include <fltKernel.h>

#define FA_PORT_NAME     L"\\FileAuditPort"
#define FA_TAG           'tdAF'
#define FA_PATH_CHARS    520
#define FA_SEND_TIMEOUT_MS 50

#pragma pack(push, 8)
typedef struct _FA_NOTIFICATION {
    ULONG  ProcessId;
    ULONG  CreateDisposition;
    ULONG  DesiredAccess;
    USHORT PathBytes;
    WCHAR  Path[FA_PATH_CHARS];
} FA_NOTIFICATION, *PFA_NOTIFICATION;
#pragma pack(pop)

typedef struct _FA_GLOBALS {
    PFLT_FILTER   Filter;
    PFLT_PORT     ServerPort;
    PFLT_PORT     ClientPort;
    volatile LONG Sent;
    volatile LONG Dropped;
} FA_GLOBALS;

extern FA_GLOBALS Globals;

/* operations.c */
FLT_PREOP_CALLBACK_STATUS
FLTAPI
FaPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    );
