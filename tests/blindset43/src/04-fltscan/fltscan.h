#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define FS_TAG              'ncSF'
#define FS_PORT_NAME        L"\\FltScanPort"
#define FS_SCAN_TIMEOUT_MS  3000
#define FS_MAX_PATH         520

#define FS_TRACE_ERR    0x1
#define FS_TRACE_INFO   0x2
#define FS_TRACE_SCAN   0x4

extern ULONG gTraceFlags;

#define FS_TRACE(_lvl, _args)                   \
    (FlagOn(gTraceFlags, (_lvl)) ? DbgPrint _args : ((int)0))

/* user <-> kernel messages */
typedef enum _FS_COMMAND {
    FsCmdEnable = 1,
    FsCmdDisable,
    FsCmdGetStats,
} FS_COMMAND;

typedef struct _FS_COMMAND_MSG {
    FS_COMMAND Command;
    ULONG      Reserved;
} FS_COMMAND_MSG, *PFS_COMMAND_MSG;

typedef struct _FS_STATS {
    LONG Scanned;
    LONG Blocked;
    LONG Timeouts;
} FS_STATS, *PFS_STATS;

typedef struct _FS_SCAN_REQUEST {
    ULONG ProcessId;
    ULONG PathLength;               /* bytes */
    WCHAR Path[FS_MAX_PATH];
} FS_SCAN_REQUEST, *PFS_SCAN_REQUEST;

typedef struct _FS_SCAN_REPLY {
    BOOLEAN Block;
    UCHAR   Pad[3];
} FS_SCAN_REPLY, *PFS_SCAN_REPLY;

/* FilterReplyMessage prepends FILTER_REPLY_HEADER, FltSendMessage sees the raw reply */
typedef struct _FS_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ClientProcess;
    volatile LONG   Enabled;
    FS_STATS        Stats;
} FS_GLOBALS, *PFS_GLOBALS;

extern FS_GLOBALS g_Fs;

/* port.c */
NTSTATUS FsPortCreate(_In_ PFLT_FILTER Filter);
VOID     FsPortClose(VOID);

/* scan.c */
FLT_POSTOP_CALLBACK_STATUS
FsPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
             _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext,
             _In_ FLT_POST_OPERATION_FLAGS Flags);
