/*
 * scanflt.h - message layout shared between ScanFlt.sys and scanctl.exe
 */
#ifndef SCANFLT_H
#define SCANFLT_H

#define SCANFLT_PORT_NAME       L"\\ScanFltPort"
#define SCANFLT_MAX_PATH        520

/* kernel -> user: "this file was just opened for execute" */
typedef struct _SCANFLT_NOTIFICATION {
    ULONG  ProcessId;
    ULONG  PathBytes;
    WCHAR  Path[SCANFLT_MAX_PATH / sizeof(WCHAR)];
} SCANFLT_NOTIFICATION, *PSCANFLT_NOTIFICATION;

/* user -> kernel commands */
typedef enum _SCANFLT_COMMAND {
    ScanFltCmdEnable  = 1,
    ScanFltCmdDisable = 2,
    ScanFltCmdStats   = 3
} SCANFLT_COMMAND;

typedef struct _SCANFLT_STATS {
    LONG Seen;
    LONG Sent;
    LONG Dropped;
} SCANFLT_STATS, *PSCANFLT_STATS;

#endif
