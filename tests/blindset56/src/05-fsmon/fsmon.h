#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#pragma prefast(disable:__WARNING_ENCODE_MEMBER_FUNCTION_POINTER, "Not valid for kernel mode drivers")

#define FSMON_PORT_NAME     L"\\FsMonPort"
#define FSMON_TAG           'nMsF'
#define FSMON_MAX_PATH      520
#define FSMON_SEND_TIMEOUT  (-10 * 1000 * 100)      /* 100 ms, relative */

#define FSMON_TRACE(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_FLTMGR_ID, (_lvl), "fsmon!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)

#define TRACE_ERR   DPFLTR_ERROR_LEVEL
#define TRACE_INFO  DPFLTR_INFO_LEVEL

/* message layout, same struct is in the service (fsmonsvc\proto.h) */
typedef struct _FSMON_MESSAGE {
    ULONG           ProcessId;
    ULONG           ThreadId;
    ULONG           Disposition;
    ULONG           Information;     /* FILE_CREATED, FILE_OPENED ... */
    LARGE_INTEGER   Time;
    USHORT          PathLength;      /* bytes */
    WCHAR           Path[FSMON_MAX_PATH];
} FSMON_MESSAGE, *PFSMON_MESSAGE;

typedef struct _FSMON_DATA {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ClientProcess;

    volatile LONG   Sent;
    volatile LONG   Lost;
} FSMON_DATA, *PFSMON_DATA;

extern FSMON_DATA FsData;

/* port.c */
NTSTATUS FsPortCreate(VOID);
VOID     FsPortClose(VOID);
VOID     FsPortSend(_In_ PFSMON_MESSAGE Message);
