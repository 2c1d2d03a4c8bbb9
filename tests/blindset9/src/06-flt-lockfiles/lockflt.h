/*
 * lockflt - minifilter that refuses writes, deletes and renames of *.locked files.
 * A user mode tool can switch the protection off/on through a filter port.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define LOCKFLT_TAG        'kcoL'
#define LOCKFLT_PORT_NAME  L"\\LockFltPort"
#define LOCKFLT_EXTENSION  L"locked"

#define LF_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "lockflt: " fmt "\n", __VA_ARGS__)

typedef enum _LOCKFLT_COMMAND {
    LockFltEnable = 1,
    LockFltDisable = 2,
    LockFltQueryCount = 3,
} LOCKFLT_COMMAND;

typedef struct _LOCKFLT_MESSAGE {
    LOCKFLT_COMMAND Command;
} LOCKFLT_MESSAGE, *PLOCKFLT_MESSAGE;

typedef struct _LOCKFLT_DATA {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    BOOLEAN     Enabled;
    volatile LONG Denied;
} LOCKFLT_DATA;

extern LOCKFLT_DATA g_Lock;

/* ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI
LfPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI
LfPreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

/* port.c */
NTSTATUS LfCreatePort(VOID);
VOID LfClosePort(VOID);
