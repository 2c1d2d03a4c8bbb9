/*
 * RansomGuard - minifilter that watches bursts of writes to user documents
 * and asks the user-mode service (rgsvc.exe) whether to allow them.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define RG_TAG              'drGR'
#define RG_PORT_NAME        L"\\RansomGuardPort"
#define RG_BURST_THRESHOLD  64          /* writes per process before we ask */
#define RG_REPLY_TIMEOUT_MS 3000

#define RG_DBG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "rguard: " fmt "\n", __VA_ARGS__)
#define RG_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "rguard!ERR: " fmt "\n", __VA_ARGS__)

/* message layout shared with rgsvc.exe */
#define RG_MAX_PATH 260

typedef struct _RG_NOTIFICATION {
    ULONG   ProcessId;
    ULONG   WriteCount;
    WCHAR   FileName[RG_MAX_PATH];
} RG_NOTIFICATION, *PRG_NOTIFICATION;

typedef struct _RG_REPLY {
    BOOLEAN Allow;
    UCHAR   Reserved[3];
} RG_REPLY, *PRG_REPLY;

typedef struct _RG_MESSAGE {
    FILTER_MESSAGE_HEADER Header;
    RG_NOTIFICATION       Notification;
} RG_MESSAGE, *PRG_MESSAGE;

typedef struct _RG_REPLY_MESSAGE {
    FILTER_REPLY_HEADER Header;
    RG_REPLY            Reply;
} RG_REPLY_MESSAGE, *PRG_REPLY_MESSAGE;

typedef struct _RG_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ClientProcess;
    EX_PUSH_LOCK    ClientLock;

    /* very small per-process write counter (hash by pid) */
    volatile LONG   WriteCounters[256];
} RG_GLOBALS;

extern RG_GLOBALS g_Rg;

/* port.c */
NTSTATUS RgPortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                       ULONG SizeOfContext, PVOID *ConnectionPortCookie);
VOID     RgPortDisconnect(PVOID ConnectionCookie);
NTSTATUS RgPortMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                       PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength);
VOID     RgPortShutdown(VOID);
BOOLEAN  RgAskService(_In_ PRG_NOTIFICATION Notification);

/* ops.c */
FLT_PREOP_CALLBACK_STATUS
RgPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
