/*
 * minimon - "mini EDR" homework: file-create + registry-write logger
 *
 *  - minifilter post-create callback records which process opened which file
 *  - CmRegisterCallbackEx records RegSetValue calls
 *  - records come from a nonpaged lookaside list and are kept in a bounded list
 *    that is dumped to the debugger every MM_DUMP_EVERY records
 */
#pragma once

#include <fltKernel.h>
#include <ntstrsafe.h>

#define MM_TAG            'noMM'
#define MM_MAX_RECORDS    512
#define MM_DUMP_EVERY     64
#define MM_TEXT_CHARS     200

#define MM_DBG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "minimon!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

/* bail out to the fail: label if a call fails */
#define CHECK(expr)                                                         \
    do {                                                                    \
        status = (expr);                                                    \
        if (!NT_SUCCESS(status)) {                                          \
            MM_DBG("%s -> 0x%08X", #expr, status);                          \
            goto fail;                                                      \
        }                                                                   \
    } while (0)

typedef enum _MM_KIND {
    MmKindFileCreate = 1,
    MmKindRegSetValue = 2,
} MM_KIND;

typedef struct _MM_RECORD {
    LIST_ENTRY    Link;
    MM_KIND       Kind;
    HANDLE        ProcessId;
    LARGE_INTEGER Time;
    WCHAR         Text[MM_TEXT_CHARS];
} MM_RECORD, *PMM_RECORD;

typedef struct _MM_GLOBALS {
    PFLT_FILTER           Filter;
    LARGE_INTEGER         CmCookie;
    BOOLEAN               CmRegistered;
    BOOLEAN               LookasideReady;
    NPAGED_LOOKASIDE_LIST RecordPool;
    LIST_ENTRY            Records;
    ULONG                 RecordCount;
    ULONG                 SinceLastDump;
    KSPIN_LOCK            RecordLock;
} MM_GLOBALS;

extern MM_GLOBALS g_Mm;

/* minimon.c */
VOID MmAddRecord(MM_KIND Kind, PCUNICODE_STRING Text);
VOID MmFlushRecords(VOID);

/* fileops.c */
FLT_PREOP_CALLBACK_STATUS MmPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS MmPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

/* regops.c */
EX_CALLBACK_FUNCTION MmRegistryCallback;
