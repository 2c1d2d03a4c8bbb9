#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define MF_TAG        'rFfM'
#define MF_PORT_NAME  L"\\OpenWatchPort"
#define MF_MAX_EXT    16

typedef struct _MF_NOTIFICATION {
    ULONG ProcessId;
    ULONG Disposition;
    USHORT NameLength;          /* bytes */
    WCHAR Name[260];
} MF_NOTIFICATION, *PMF_NOTIFICATION;

typedef struct _MF_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT ServerPort;
    PFLT_PORT ClientPort;
    PEPROCESS ClientProcess;

    UNICODE_STRING Excluded[MF_MAX_EXT];
    ULONG ExcludedCount;
    PWCHAR ExcludedBuffer;

    volatile LONG Sent;
    volatile LONG Dropped;
} MF_GLOBALS;

extern MF_GLOBALS g_Mf;

/* ports.c */
NTSTATUS PortsCreate(_In_ PFLT_FILTER Filter);
VOID PortsClose(VOID);
VOID PortsNotify(_In_ PFLT_FILE_NAME_INFORMATION NameInfo, _In_ ULONG Disposition);
