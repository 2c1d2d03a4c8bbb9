/*
 * fsblock - anti-ransomware minifilter (final year project)
 *
 * Denies writes, renames and deletes on "document" extensions unless the
 * calling process was whitelisted by the user-mode agent through the
 * \FsBlockPort communication port.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define FSB_TAG            'kBsF'
#define FSB_PORT_NAME      L"\\FsBlockPort"
#define FSB_MAX_TRUSTED    32

#define FSB_DBG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "fsblock!" __FUNCTION__ ": " fmt "\n", __VA_ARGS__)
#define FSB_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "fsblock!" __FUNCTION__ ": " fmt "\n", __VA_ARGS__)

#define CHECK_STATUS(st, what)                                  \
    do {                                                        \
        if (!NT_SUCCESS(st)) {                                  \
            FSB_ERR("%s failed 0x%08X", what, st);              \
            goto Cleanup;                                       \
        }                                                       \
    } while (0)

typedef enum _FSB_COMMAND {
    FsbCmdTrustPid = 1,
    FsbCmdUntrustPid,
    FsbCmdSetEnabled,
} FSB_COMMAND;

typedef struct _FSB_MESSAGE {
    FSB_COMMAND Command;
    ULONG       Value;
} FSB_MESSAGE, *PFSB_MESSAGE;

typedef struct _FSB_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    EX_PUSH_LOCK    TrustLock;
    ULONG           Trusted[FSB_MAX_TRUSTED];
    ULONG           TrustedCount;
    volatile LONG   Enabled;
    volatile LONG   Blocked;
} FSB_GLOBALS;

extern FSB_GLOBALS g_Fsb;

/* ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI FsbPreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*);
FLT_PREOP_CALLBACK_STATUS FLTAPI FsbPreSetInformation(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*);
FLT_PREOP_CALLBACK_STATUS FLTAPI FsbPreCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*);
BOOLEAN FsbIsTrusted(ULONG Pid);

/* port.c */
NTSTATUS FsbCreatePort(VOID);
