/*
 * minictx.h - "who modified what" minifilter
 *
 * A stream handle context is attached to every handle opened for write.
 * PreWrite marks it dirty; at IRP_MJ_CLEANUP a dirty handle is reported to
 * the user mode listener (if one is connected) through the comm port.
 */
#ifndef MINICTX_H
#define MINICTX_H

#include <fltKernel.h>

#define MC_PORT_NAME      L"\\MiniCtxPort"
#define MC_CTX_TAG        'xtCM'
#define MC_MSG_TAG        'gsCM'
#define MC_MAX_NAME       512     /* bytes */
#define MC_SEND_TIMEOUT   (-10LL * 1000 * 50)   /* 50 ms, never block cleanup for long */

/* user -> kernel */
#define MC_CMD_ENABLE     1
#define MC_CMD_DISABLE    2

typedef struct _MC_COMMAND {
    ULONG Command;
} MC_COMMAND, *PMC_COMMAND;

/* kernel -> user */
typedef struct _MC_REPORT {
    ULONG ProcessId;
    ULONG Writes;
    ULONG NameLength;              /* bytes */
    WCHAR Name[MC_MAX_NAME / sizeof(WCHAR)];
} MC_REPORT, *PMC_REPORT;

typedef struct _MC_HANDLE_CONTEXT {
    PFLT_FILE_NAME_INFORMATION NameInfo;   /* referenced, dropped in cleanup cb */
    ULONG                      ProcessId;
    volatile LONG              Writes;
} MC_HANDLE_CONTEXT, *PMC_HANDLE_CONTEXT;

typedef struct _MC_DATA {
    PFLT_FILTER   Filter;
    PFLT_PORT     ServerPort;
    PFLT_PORT     ClientPort;
    volatile LONG Enabled;
} MC_DATA;

extern MC_DATA McData;

#define MCTRACE(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "minictx: " __VA_ARGS__)
#define MCERROR(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "minictx: " __VA_ARGS__)

/* comm.c */
NTSTATUS McOpenPort(VOID);
VOID     McClosePort(VOID);
VOID     McReport(_In_ PMC_HANDLE_CONTEXT Ctx);

#endif
