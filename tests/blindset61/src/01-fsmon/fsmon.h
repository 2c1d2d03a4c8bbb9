/*
 * fsmon.h - shared definitions for the fsmon minifilter
 *
 * fsmon reports file creates, writes, deletes and renames to a single
 * user mode listener (fsmonctl.exe) over a filter communication port.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define FSMON_TAG           'nmsF'
#define FSMON_PORT_NAME     L"\\FsMonPort"
#define FSMON_MAX_PATH      520
#define FSMON_SEND_TIMEOUT  (-10 * 1000 * 50)   /* 50 ms, relative */

#define LOG(fmt, ...)     DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[fsmon] " fmt "\n", __VA_ARGS__)
#define LOG_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[fsmon] !! " fmt "\n", __VA_ARGS__)

typedef enum _FSMON_OP {
    FsmonOpCreate = 1,
    FsmonOpWrite,
    FsmonOpDelete,
    FsmonOpRename
} FSMON_OP;

typedef enum _FSMON_COMMAND {
    FsmonCmdSetVerbose = 2      /* 1 was GetStats, retired */
} FSMON_COMMAND;

#include <pshpack1.h>
typedef struct _FSMON_MESSAGE {
    ULONG  Op;
    ULONG  ProcessId;
    USHORT PathLength;          /* bytes */
    WCHAR  Path[FSMON_MAX_PATH];
} FSMON_MESSAGE, *PFSMON_MESSAGE;

typedef struct _FSMON_COMMAND_MSG {
    ULONG Command;
    ULONG Value;
} FSMON_COMMAND_MSG, *PFSMON_COMMAND_MSG;
#include <poppack.h>

typedef struct _FSMON_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    ULONG           ClientPid;
    volatile LONG   EventsSent;
    BOOLEAN         Verbose;
} FSMON_GLOBALS, *PFSMON_GLOBALS;

extern FSMON_GLOBALS g_Fsmon;

/* port.c */
NTSTATUS FsmonCreatePort(_In_ PFLT_FILTER Filter);
VOID     FsmonClosePort(VOID);
VOID     FsmonNotify(_In_ ULONG Op, _In_ PFLT_CALLBACK_DATA Data);
