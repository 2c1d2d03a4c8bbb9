#pragma once
/*
 * fileguard.h
 *
 * Minifilter that refuses to delete anything under the protected folders
 * and tells FgWatch.exe about every attempt through a filter port.
 */
#include <fltKernel.h>
#include <dontuse.h>

#define FG_TAG            'draG'
#define FG_PORT_NAME      L"\\FileGuardPort"
#define FG_MAX_RULES      16
#define FG_MAX_PATH       260

#define FG_DBG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "FileGuard!" fmt "\n", __VA_ARGS__)

// message that goes up to FgWatch.exe
typedef struct _FG_NOTIFICATION {
    ULONG  ProcessId;
    ULONG  Operation;          // 1 = delete-on-close, 2 = set disposition
    WCHAR  Path[FG_MAX_PATH];
} FG_NOTIFICATION, *PFG_NOTIFICATION;

// FgWatch -> driver
typedef struct _FG_COMMAND {
    ULONG  Command;            // 1 = add rule, 2 = clear rules
    WCHAR  Path[FG_MAX_PATH];
} FG_COMMAND, *PFG_COMMAND;

typedef struct _FG_RULE {
    LIST_ENTRY     Link;
    UNICODE_STRING Prefix;     // \Device\HarddiskVolume3\Secret\ (buffer follows)
} FG_RULE, *PFG_RULE;

typedef struct _FG_GLOBALS {
    PFLT_FILTER  Filter;
    PFLT_PORT    ServerPort;
    PFLT_PORT    ClientPort;
    LIST_ENTRY   Rules;
    ULONG        RuleCount;
    EX_PUSH_LOCK RulesLock;
    LONG         Blocked;
} FG_GLOBALS;

extern FG_GLOBALS Globals;

// comm.c
NTSTATUS FgCreatePort(_In_ PFLT_FILTER Filter);
VOID     FgNotify(_In_ ULONG Operation, _In_ PCUNICODE_STRING Path);

// rules.c / operations.c
NTSTATUS FgAddRule(_In_ PCWSTR Prefix);
VOID     FgFreeRules(VOID);
BOOLEAN  FgIsProtected(_In_ PCUNICODE_STRING Path);

FLT_PREOP_CALLBACK_STATUS FLTAPI
FgPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);

FLT_PREOP_CALLBACK_STATUS FLTAPI
FgPreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext);
