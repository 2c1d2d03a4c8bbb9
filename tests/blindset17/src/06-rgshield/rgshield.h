/*++

    rgshield.h

    Ransomware shield minifilter: watches for processes that rewrite many
    user documents with high-entropy data and blocks further writes from
    them until the service says otherwise.

--*/
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define RG_TAG                  'dhSR'
#define RG_CONTEXT_TAG          'xcSR'
#define RG_PORT_NAME            L"\\RgShieldPort"
#define RG_DEFAULT_THRESHOLD    12
#define RG_ENTROPY_HIGH         740         /* bits per byte * 100 */
#define RG_SAMPLE_BYTES         4096

#define RgDbg(fmt, ...) \
    DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "rgshield: " fmt "\n", __VA_ARGS__)

typedef enum _RG_MESSAGE_TYPE {
    RgMsgSuspicious = 1,
    RgMsgBlocked,
} RG_MESSAGE_TYPE;

typedef struct _RG_NOTIFICATION {
    RG_MESSAGE_TYPE Type;
    ULONG           ProcessId;
    ULONG           Score;
    WCHAR           Path[260];
} RG_NOTIFICATION, *PRG_NOTIFICATION;

typedef struct _RG_COMMAND {
    ULONG   Command;            /* 1 = trust pid, 2 = set threshold */
    ULONG   ProcessId;
    ULONG   Value;
} RG_COMMAND, *PRG_COMMAND;

typedef struct _RG_STREAM_CONTEXT {
    ULONG       OriginalEntropy;    /* of the first block, at open */
    LONG        HighEntropyWrites;
    BOOLEAN     Counted;
    BOOLEAN     Document;
} RG_STREAM_CONTEXT, *PRG_STREAM_CONTEXT;

typedef struct _RG_PROCESS {
    LIST_ENTRY  Link;
    HANDLE      ProcessId;
    ULONG       Score;
    BOOLEAN     Blocked;
    BOOLEAN     Trusted;
} RG_PROCESS, *PRG_PROCESS;

typedef struct _RG_GLOBALS {
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;

    ERESOURCE               ProcessLock;
    LIST_ENTRY              Processes;
    NPAGED_LOOKASIDE_LIST   ProcessLookaside;
    BOOLEAN                 GlobalsInitialized;

    ULONG                   Threshold;
} RG_GLOBALS;

extern RG_GLOBALS g_Rg;
extern const FLT_REGISTRATION FilterRegistration;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
NTSTATUS RgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

/* operations.c */
FLT_PREOP_CALLBACK_STATUS  RgPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS RgPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS  RgPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_PREOP_CALLBACK_STATUS  RgPreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
VOID RgStreamContextCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType);
PRG_PROCESS RgLookupProcess(_In_ HANDLE ProcessId, _In_ BOOLEAN Create);
VOID RgFreeProcessList(VOID);

/* comm.c */
NTSTATUS RgCommInitialize(_In_ PFLT_FILTER Filter);
VOID     RgCommShutdown(VOID);
VOID     RgNotifyService(_In_ RG_MESSAGE_TYPE Type, _In_ HANDLE ProcessId, _In_ ULONG Score, _In_opt_ PCUNICODE_STRING Path);
