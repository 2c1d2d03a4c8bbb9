/*
 * minimon.h - message layout shared with minimon.exe
 */
#ifndef _MINIMON_H_
#define _MINIMON_H_

#define MINIMON_PORT_NAME   L"\\MiniMonPort"
#define MINIMON_MAX_PATH    520

typedef enum _MINIMON_OP {
    MmOpCreate = 1,
    MmOpDelete = 2,
    MmOpRename = 3
} MINIMON_OP;

typedef struct _MINIMON_NOTIFICATION {
    ULONG       Operation;      // MINIMON_OP
    ULONG       ProcessId;
    ULONG       NameLength;     // in bytes
    WCHAR       Name[MINIMON_MAX_PATH];
} MINIMON_NOTIFICATION, *PMINIMON_NOTIFICATION;

typedef struct _MINIMON_COMMAND {
    ULONG       Command;        // 1 = pause, 2 = resume
} MINIMON_COMMAND, *PMINIMON_COMMAND;

#endif
