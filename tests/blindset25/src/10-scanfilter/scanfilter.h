/*++
    scanfilter.h - ScanFilter: watched files get a stream context at create,
    writes mark it modified, and at cleanup the scanner service connected to
    \ScanFilterPort is told the file name.

    Copyright (c) ScanFilter authors. Licensed under the Apache License 2.0.
--*/
#pragma once

#include <fltKernel.h>
#include <ntstrsafe.h>

#define SF_TAG              'lFcS'
#define SF_CTX_TAG          'xCcS'
#define SF_PORT_NAME        L"\\ScanFilterPort"
#define SF_MAX_EXTENSIONS   32
#define SF_NAME_CHARS       260
#define SF_REPLY_TIMEOUT_MS 3000

#define SF_ERROR(fmt, ...) DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_ERROR_LEVEL, "ScanFilter!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define SF_INFO(fmt, ...)  DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_INFO_LEVEL, "ScanFilter!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

/* ---- messages shared with the user-mode service ------------------------ */

typedef enum _SF_COMMAND {
    SfCommandReloadConfig = 1,
} SF_COMMAND;

typedef struct _SF_NOTIFICATION {
    ULONG ProcessId;
    WCHAR FileName[SF_NAME_CHARS];
} SF_NOTIFICATION, *PSF_NOTIFICATION;

typedef struct _SF_REPLY {
    ULONG Verdict;      /* 0 clean, 1 suspicious; only logged for now */
} SF_REPLY, *PSF_REPLY;

/* ---- driver internals --------------------------------------------------- */


typedef struct _SF_STREAM_CONTEXT {
    volatile LONG Modified;
    WCHAR         FileName[SF_NAME_CHARS];
} SF_STREAM_CONTEXT, *PSF_STREAM_CONTEXT;

typedef struct _SF_EXTENSION_LIST {
    ULONG          Count;
    UNICODE_STRING Extensions[SF_MAX_EXTENSIONS];
    WCHAR          Storage[ANYSIZE_ARRAY];    /* the strings above point in here */
} SF_EXTENSION_LIST, *PSF_EXTENSION_LIST;

#define SF_INIT_RESOURCE   0x01
#define SF_INIT_REGPATH    0x02
#define SF_INIT_CONFIG     0x04
#define SF_INIT_FILTER     0x08
#define SF_INIT_PORT       0x10

typedef struct _SF_GLOBALS {
    PFLT_FILTER         Filter;
    PFLT_PORT           ServerPort;
    PFLT_PORT           ClientPort;       /* one scanner connection at a time */
    ERESOURCE           ConfigLock;       /* protects Extensions */
    PSF_EXTENSION_LIST  Extensions;
    UNICODE_STRING      RegistryPath;     /* private copy, for reloads */
    ULONG               InitFlags;
    volatile LONG       Notifications;
} SF_GLOBALS, *PSF_GLOBALS;

extern SF_GLOBALS g_Sf;

NTSTATUS SfLoadExtensions(_In_ PCUNICODE_STRING RegistryPath, _Outptr_ PSF_EXTENSION_LIST *List);
VOID SfFreeExtensions(_In_ PSF_EXTENSION_LIST List);
BOOLEAN SfIsWatchedExtension(_In_ PCUNICODE_STRING Extension);

NTSTATUS SfCreatePort(VOID);
NTSTATUS SfNotifyScanner(_In_ PSF_STREAM_CONTEXT Context);

extern const FLT_OPERATION_REGISTRATION SfOperations[];
extern const FLT_CONTEXT_REGISTRATION SfContexts[];
