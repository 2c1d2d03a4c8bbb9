#ifndef FLTPORT_H
#define FLTPORT_H

#include <fltKernel.h>
#include <dontuse.h>

#define FP_PORT_NAME        L"\\FltPortWatch"
#define FP_CTX_TAG          'cxPF'
#define FP_MSG_TAG          'gmPF'
#define FP_MAX_CONNECTIONS  1

#define FP_TRACE_ERROR      0x00000001
#define FP_TRACE_INFO       0x00000002
extern ULONG gTraceFlags;

#define FP_PRINT(flag, ...) \
    (FlagOn(gTraceFlags, (flag)) ? DbgPrint("fltport: " __VA_ARGS__) : 0)

/* sent to user mode: a stream was opened for write for the first time */
typedef struct _FP_MESSAGE {
    ULONG  ProcessId;
    ULONG  OpenCount;
    LARGE_INTEGER FileId;
} FP_MESSAGE, *PFP_MESSAGE;

typedef struct _FP_STREAM_CONTEXT {
    LARGE_INTEGER FileId;
    volatile LONG OpenCount;
    volatile LONG WriteOpened;
} FP_STREAM_CONTEXT, *PFP_STREAM_CONTEXT;

typedef struct _FP_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
    PEPROCESS   ClientProcess;
} FP_GLOBALS;

extern FP_GLOBALS g_Fp;

/* comm.c */
NTSTATUS FpCreatePort(VOID);
VOID     FpClosePort(VOID);
VOID     FpNotifyWriteOpen(_In_ PFP_STREAM_CONTEXT Ctx);

/* context.c */
extern const FLT_CONTEXT_REGISTRATION FpContextRegistration[];
FLT_POSTOP_CALLBACK_STATUS FpPostCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID, FLT_POST_OPERATION_FLAGS);
FLT_PREOP_CALLBACK_STATUS  FpPreCleanup(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);

#endif
