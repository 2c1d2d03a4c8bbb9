/*
 * fsmini.h - FsMini: counts writes per stream and tells a user-mode
 * listener when a modified stream is cleaned up.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define FSM_TAG             'imSF'
#define FSM_CTX_TAG         'cmSF'
#define FSM_NAME_TAG        'nmSF'
#define FSM_PORT_NAME       L"\\FsMiniPort"
#define FSM_MAX_NAME_CHARS  260

#define FSM_FLAG_NOTIFY     0x1
#define FSM_FLAG_VERBOSE    0x2

#define FSM_PRINT(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_FLTMGR_ID, (_lvl), "FsMini!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)

typedef enum _FSM_STATE {
    FsmStateStopped = 0,
    FsmStateStarting,
    FsmStateRunning,
    FsmStateStopping
} FSM_STATE;

typedef struct _FSM_STREAM_CONTEXT {
    volatile LONG  WriteCount;
    UNICODE_STRING Name;            /* pool copy, freed in cleanup callback */
} FSM_STREAM_CONTEXT, *PFSM_STREAM_CONTEXT;

typedef struct _FSM_MESSAGE {
    ULONG WriteCount;
    ULONG NameBytes;
    WCHAR Name[FSM_MAX_NAME_CHARS];
} FSM_MESSAGE, *PFSM_MESSAGE;

typedef struct _FSM_GLOBALS {
    PFLT_FILTER      Filter;
    PFLT_PORT        ServerPort;
    PFLT_PORT        ClientPort;
    volatile LONG    State;
    ULONG            Flags;
} FSM_GLOBALS;

extern FSM_GLOBALS g_Fsm;

/* context.c */
extern const FLT_CONTEXT_REGISTRATION FsmContextRegistration[];
FLT_POSTOP_CALLBACK_STATUS FLTAPI FsmPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                               _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI FsmPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                             _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_PREOP_CALLBACK_STATUS FLTAPI FsmPreCleanup(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                               _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

/* comm.c */
NTSTATUS FsmCommOpen(VOID);
VOID     FsmCommClose(VOID);
VOID     FsmCommNotify(_In_ PFSM_STREAM_CONTEXT Context);
