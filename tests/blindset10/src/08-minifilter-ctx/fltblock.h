/*
 * fltblock.h - extension blocker minifilter
 *
 * Denies opens of files whose extension is on a small list, keeps a
 * per-stream open counter in a stream context, and answers a stats
 * query from fbctl.exe over the \FltBlockPort communication port.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define FB_CTX_TAG    'xCbF'
#define FB_PORT_NAME  L"\\FltBlockPort"
#define FB_MAX_RULES  8

#define FB_TRACE(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "fltblock: " __VA_ARGS__)

typedef struct _FB_STREAM_CONTEXT {
    volatile LONG Opens;
    BOOLEAN       Interesting;
} FB_STREAM_CONTEXT, *PFB_STREAM_CONTEXT;

typedef struct _FB_STATS {
    LONG Blocked;
    LONG Allowed;
    LONG Streams;
} FB_STATS, *PFB_STATS;

typedef struct _FB_GLOBALS {
    PFLT_FILTER  Filter;
    PFLT_PORT    ServerPort;
    PFLT_PORT    ClientPort;
    EX_PUSH_LOCK RulesLock;
    ULONG        RuleCount;
    UNICODE_STRING Rules[FB_MAX_RULES];
    FB_STATS     Stats;
} FB_GLOBALS;

extern FB_GLOBALS g_Fb;

/* operations.c */
FLT_PREOP_CALLBACK_STATUS FbPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                      _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                      _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FbPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                        _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                        _In_opt_ PVOID CompletionContext,
                                        _In_ FLT_POST_OPERATION_FLAGS Flags);
VOID FbStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);
VOID FbLoadDefaultRules(VOID);

/* port.c */
NTSTATUS FbPortConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                       _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                       _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionCookie);
VOID FbPortDisconnect(_In_opt_ PVOID ConnectionCookie);
NTSTATUS FbPortMessage(_In_opt_ PVOID PortCookie,
                       _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
                       _In_ ULONG InputBufferLength,
                       _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                       _In_ ULONG OutputBufferLength,
                       _Out_ PULONG ReturnOutputBufferLength);
