#ifndef FSMON_H
#define FSMON_H

#include <fltKernel.h>
#include <dontuse.h>

#define FSM_PORT_NAME       L"\\FsMonPort"
#define FSM_TAG             'nMsF'
#define FSM_MAX_PATH        520
#define FSM_SEND_TIMEOUT_MS 100

#define FSM_LOG(fmt, ...)   DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_ERROR_LEVEL, "fsmon: " fmt "\n", __VA_ARGS__)

typedef enum _FSM_EVENT {
    FsmEventExecOpen = 1,
    FsmEventDelete   = 2,
} FSM_EVENT;

/* message sent to the user-mode agent */
typedef struct _FSM_MESSAGE {
    ULONG   Event;
    ULONG   ProcessId;
    USHORT  PathBytes;
    WCHAR   Path[FSM_MAX_PATH];
} FSM_MESSAGE, *PFSM_MESSAGE;

/* messages the agent may send us */
typedef struct _FSM_COMMAND {
    ULONG   Command;        /* 1 = pause, 2 = resume */
} FSM_COMMAND, *PFSM_COMMAND;

typedef struct _FSM_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    ULONG           ClientPid;
    volatile LONG   Paused;
} FSM_GLOBALS, *PFSM_GLOBALS;

extern FSM_GLOBALS g_Fsm;

/* port.c */
NTSTATUS FsmPortCreate(_In_ PFLT_FILTER Filter);
VOID     FsmPortClose(VOID);
VOID     FsmPortSend(_In_ FSM_EVENT Event, _In_ PCUNICODE_STRING Path);

#endif /* FSMON_H */
