#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define EXT_TAG             'kBxE'
#define EXT_MAX_ENTRIES     32
#define EXT_VALUE_NAME      L"BlockedExtensions"
#define EXTBLOCK_PORT_NAME  L"\\ExtBlockPort"

#define EB_DBG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "ExtBlock!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

#define CHECK_STATUS(st, what, label)                         \
    if (!NT_SUCCESS(st)) {                                    \
        EB_DBG("%s failed with 0x%08X", what, st);            \
        goto label;                                           \
    }

typedef struct _EXT_CONFIG {
    PKEY_VALUE_PARTIAL_INFORMATION  Raw;        /* REG_MULTI_SZ backing store */
    ULONG                           Count;
    UNICODE_STRING                  Ext[EXT_MAX_ENTRIES];   /* point into Raw or into defaults */
} EXT_CONFIG, *PEXT_CONFIG;

/* messages from ExtBlockCtl.exe */
typedef enum _EB_COMMAND {
    EbCmdEnable = 1,
    EbCmdDisable,
    EbCmdQueryStats
} EB_COMMAND;

typedef struct _EB_MESSAGE {
    ULONG Command;
} EB_MESSAGE, *PEB_MESSAGE;

typedef struct _EB_STATS {
    LONG Enabled;
    LONG Blocked;
    LONG Inspected;
} EB_STATS, *PEB_STATS;

typedef struct _EB_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    EXT_CONFIG      Config;
    volatile LONG   Enabled;
    volatile LONG   Blocked;
    volatile LONG   Inspected;
} EB_GLOBALS;

extern EB_GLOBALS g_Eb;

/* config.c */
NTSTATUS CfgLoad(_In_ PUNICODE_STRING RegistryPath, _Out_ PEXT_CONFIG Cfg);
VOID     CfgFree(_Inout_ PEXT_CONFIG Cfg);
BOOLEAN  CfgIsBlocked(_In_ PEXT_CONFIG Cfg, _In_ PCUNICODE_STRING Extension);
