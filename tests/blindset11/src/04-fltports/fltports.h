/*
 * fltports.h
 *
 * Minifilter that watches file opens on NTFS volumes and reports them
 * through two ports:
 *   \FltPortsCtl  - command port (the console tool sets options here)
 *   \FltPortsEvt  - event port (the logger service receives FP_EVENTs)
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define FP_TAG               'tPpF'
#define FP_CONTROL_PORT_NAME L"\\FltPortsCtl"
#define FP_EVENT_PORT_NAME   L"\\FltPortsEvt"
#define FP_MAX_PATH          260

#define FP_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fltports!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

typedef enum _FP_COMMAND {
    FpCmdEnable = 1,
    FpCmdDisable,
    FpCmdSetVerbose
} FP_COMMAND;

typedef struct _FP_COMMAND_MESSAGE {
    FP_COMMAND Command;
    ULONG      Argument;
} FP_COMMAND_MESSAGE, *PFP_COMMAND_MESSAGE;

typedef struct _FP_EVENT {
    ULONG         ProcessId;
    ULONG         Disposition;
    LARGE_INTEGER Time;
    WCHAR         Path[FP_MAX_PATH];
} FP_EVENT, *PFP_EVENT;

typedef struct _FP_GLOBALS {
    PFLT_FILTER Filter;

    PFLT_PORT   ControlServerPort;
    PFLT_PORT   ControlClientPort;
    PFLT_PORT   EventServerPort;
    PFLT_PORT   EventClientPort;

    volatile LONG Enabled;
    volatile LONG Verbose;
} FP_GLOBALS;

extern FP_GLOBALS g_Fp;

/* ports.c */
NTSTATUS FpCreatePorts(_In_ PFLT_FILTER Filter);
VOID     FpClosePorts(VOID);
VOID     FpSendEvent(_In_ PFP_EVENT Event);
