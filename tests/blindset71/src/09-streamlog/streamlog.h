/*
 * streamlog.h - logs first write and final close of every stream to a
 * single user-mode collector.
 */
#ifndef __STREAMLOG_H__
#define __STREAMLOG_H__

#include <fltKernel.h>

#define SL_PORT_NAME        L"\\StreamLogPort"
#define SL_CTX_TAG          'xClS'
#define SL_NAME_TAG         'nNlS'
#define SL_REC_TAG          'rRlS'

#define SL_MAX_NAME_CHARS   512

#define SL_DBG(...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "streamlog: " __VA_ARGS__))
#define SL_ERR(...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "streamlog: " __VA_ARGS__))

typedef struct _SL_STREAM_CONTEXT {
    UNICODE_STRING Name;
    volatile LONG  Writes;
    BOOLEAN        Reported;
} SL_STREAM_CONTEXT, *PSL_STREAM_CONTEXT;

typedef struct _SL_RECORD {
    ULONG  Kind;            /* 1 = first write, 2 = close */
    ULONG  Writes;
    USHORT NameBytes;
    WCHAR  Name[SL_MAX_NAME_CHARS];
} SL_RECORD, *PSL_RECORD;

typedef struct _SL_GLOBALS {
    PFLT_FILTER           Filter;
    PFLT_PORT             ServerPort;
    PFLT_PORT             ClientPort;
    NPAGED_LOOKASIDE_LIST Records;
    BOOLEAN               RecordsInit;
} SL_GLOBALS;

extern SL_GLOBALS SlGlobals;

/* context.c */
extern const FLT_CONTEXT_REGISTRATION SlContexts[];
NTSTATUS SlGetStreamContext(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS Obj,
                            _In_ BOOLEAN Create, _Outptr_ PSL_STREAM_CONTEXT *Ctx);

/* port.c */
NTSTATUS SlPortCreate(VOID);
VOID     SlPortClose(VOID);
VOID     SlPortSend(_In_ PSL_STREAM_CONTEXT Ctx, _In_ ULONG Kind);

#endif
