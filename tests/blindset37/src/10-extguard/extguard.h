#pragma once

#include <fltKernel.h>

#define EG_PORT_NAME    L"\\ExtGuardPort"
#define EG_MAX_CLIENTS  1

#define EG_PRINT(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, level, "ExtGuard: " fmt "\n", __VA_ARGS__)
#define EG_INFO(fmt, ...)   EG_PRINT(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define EG_ERR(fmt, ...)    EG_PRINT(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

/* control messages from the user-mode console */
#define EG_CMD_ENABLE   1u
#define EG_CMD_DISABLE  2u
#define EG_CMD_STATS    3u

typedef struct _EG_COMMAND {
    ULONG Code;
} EG_COMMAND;

typedef struct _EG_REPLY_STATS {
    ULONG Enabled;
    ULONG Denied;
    ULONG Checked;
} EG_REPLY_STATS;

typedef struct _EG_CONTEXT {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    volatile LONG   Enabled;
    volatile LONG   Denied;
    volatile LONG   Checked;
} EG_CONTEXT;
