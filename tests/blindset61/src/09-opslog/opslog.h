/*
 * opslog.h - "which process modified which file" logger
 *
 * A stream handle context is attached to every handle opened for write;
 * when the handle is cleaned up and a write actually went through it,
 * one record is pushed to opslogsvc over the communication port.
 */
#pragma once

#include <fltKernel.h>

#define OL_POOL_TAG     'gLpO'
#define OL_CTX_TAG      'cLpO'
#define OL_PORT_NAME    L"\\OpsLogPort"
#define OL_PATH_CCH     400
#define OL_SEND_TIMEOUT_MS 100

#if DBG
#define OL_LOG(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "opslog: " __VA_ARGS__)
#else
#define OL_LOG(...)
#endif

typedef struct _OL_RECORD {
    ULONG         ProcessId;
    ULONG         Flags;
    LARGE_INTEGER OpenTime;
    LARGE_INTEGER CloseTime;
    USHORT        PathBytes;
    WCHAR         Path[OL_PATH_CCH];
} OL_RECORD, *POL_RECORD;

#define OL_REC_WRITTEN   0x1
#define OL_REC_TRUNCATED 0x2

typedef struct _OL_HANDLE_CONTEXT {
    HANDLE                      ProcessId;
    LARGE_INTEGER               OpenTime;
    volatile LONG               Flags;
    PFLT_FILE_NAME_INFORMATION  Name;
} OL_HANDLE_CONTEXT, *POL_HANDLE_CONTEXT;

typedef struct _OL_DATA {
    PFLT_FILTER           Filter;
    PFLT_PORT             ServerPort;
    PFLT_PORT             ClientPort;
    ULONG                 ClientPid;
    NPAGED_LOOKASIDE_LIST RecordLookaside;
    BOOLEAN               LookasideReady;
} OL_DATA;

extern OL_DATA OlData;

/* port.c */
NTSTATUS OlPortOpen(VOID);
VOID     OlPortClose(VOID);
VOID     OlSendRecord(_In_ POL_HANDLE_CONTEXT Ctx);
