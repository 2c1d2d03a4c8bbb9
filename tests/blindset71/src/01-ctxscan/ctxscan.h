/*
 * ctxscan - tracks per-stream open statistics and remembers the
 * normalized name of every stream that was opened for write.
 *
 * (c) 2021 ctxscan authors. Test-signed builds only.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define CTXSCAN_TAG_STREAM      'sScC'
#define CTXSCAN_TAG_HANDLE      'hScC'
#define CTXSCAN_TAG_NAME        'nScC'

#define CTXSCAN_MAX_NAME_BYTES  (1024 * sizeof(WCHAR))

#define DBG_TRACE_ERRORS        0x00000001
#define DBG_TRACE_ROUTINES      0x00000002
#define DBG_TRACE_CONTEXT       0x00000004

#define CS_LOG(_lvl, _fmt, ...)                                              \
    do {                                                                     \
        if (FlagOn(g_Ctx.TraceFlags, (_lvl))) {                              \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,             \
                       "[ctxscan] " _fmt "\n", __VA_ARGS__);                \
        }                                                                    \
    } while (0)

typedef struct _CS_STREAM_CONTEXT {
    UNICODE_STRING Name;           /* normalized name, owned by context */
    volatile LONG  OpenCount;
    volatile LONG  WriteOpens;
    BOOLEAN        NameValid;
} CS_STREAM_CONTEXT, *PCS_STREAM_CONTEXT;

typedef struct _CS_HANDLE_CONTEXT {
    ACCESS_MASK    GrantedAccess;
    ULONG          Pid;
} CS_HANDLE_CONTEXT, *PCS_HANDLE_CONTEXT;

typedef struct _CS_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    PFLT_FILTER    Filter;
    ULONG          TraceFlags;
    volatile LONG  StreamsTracked;
} CS_GLOBALS;

extern CS_GLOBALS g_Ctx;

/* context.c */
extern const FLT_CONTEXT_REGISTRATION CsContextRegistration[];

NTSTATUS
CsFindOrCreateStreamContext(
    _In_ PFLT_CALLBACK_DATA Data,
    _Outptr_ PCS_STREAM_CONTEXT *StreamContext,
    _Out_opt_ PBOOLEAN Created
    );

NTSTATUS
CsSetStreamName(
    _Inout_ PCS_STREAM_CONTEXT StreamContext,
    _In_ PCUNICODE_STRING Name
    );

/* ops.c */
extern const FLT_OPERATION_REGISTRATION CsCallbacks[];
