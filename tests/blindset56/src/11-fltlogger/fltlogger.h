#ifndef __FLTLOGGER_H__
#define __FLTLOGGER_H__

#include <fltKernel.h>
#include <dontuse.h>

#define FL_POOL_TAG         'golF'
#define FL_PORT_NAME        L"\\FltLoggerPort"
#define FL_NAME_CHARS       300
#define FL_SEND_TIMEOUT_MS  20

#define FL_DBG(fmt, ...)    KdPrintEx((DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "FltLogger: " fmt "\n", __VA_ARGS__))
#define FL_ERR(fmt, ...)    KdPrintEx((DPFLTR_FLTMGR_ID, DPFLTR_ERROR_LEVEL, "FltLogger!" __FUNCTION__ ": " fmt "\n", __VA_ARGS__))

/* kernel -> user */
typedef struct _FL_NOTIFICATION {
    UCHAR           MajorFunction;
    UCHAR           Reserved[3];
    ULONG           ProcessId;
    LARGE_INTEGER   Time;
    LARGE_INTEGER   Offset;         /* writes only */
    ULONG           Length;         /* writes only */
    USHORT          NameLength;     /* bytes */
    WCHAR           Name[FL_NAME_CHARS];
} FL_NOTIFICATION, *PFL_NOTIFICATION;

/* user -> kernel */
typedef enum _FL_COMMAND {
    FlCmdPause  = 1,
    FlCmdResume = 2,
} FL_COMMAND;

typedef struct _FL_COMMAND_MESSAGE {
    FL_COMMAND Command;
    ULONG      Argument;
} FL_COMMAND_MESSAGE, *PFL_COMMAND_MESSAGE;

typedef struct _FL_GLOBALS {
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    PEPROCESS               ClientProcess;

    NPAGED_LOOKASIDE_LIST   NotificationPool;
    BOOLEAN                 PoolReady;

    volatile LONG           Paused;
} FL_GLOBALS, *PFL_GLOBALS;

extern FL_GLOBALS Globals;

/* comm.c */
NTSTATUS FlCommInitialize(_In_ PFLT_FILTER Filter);
VOID     FlCommShutdown(VOID);
VOID     FlCommSend(_In_ PFL_NOTIFICATION Notification);

#endif /* __FLTLOGGER_H__ */
