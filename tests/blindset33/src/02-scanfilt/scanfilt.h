#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define SCAN_TAG            'nacS'
#define SCAN_PORT_NAME      L"\\ScanFiltPort"
#define SCAN_MAX_PATH       520     /* WCHARs */
#define SCAN_REPLY_TIMEOUT  (-10 * 1000 * 1000 * 3LL)   /* 3 s */

#define SCAN_DBG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "scanfilt!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

/* message sent to the user-mode scanner */
typedef struct _SCAN_NOTIFICATION {
    ULONG ProcessId;
    ULONG PathLength;               /* bytes */
    WCHAR Path[SCAN_MAX_PATH];
} SCAN_NOTIFICATION, *PSCAN_NOTIFICATION;

typedef struct _SCAN_REPLY {
    BOOLEAN Block;
} SCAN_REPLY, *PSCAN_REPLY;

typedef struct _SCAN_MESSAGE {
    FILTER_MESSAGE_HEADER Header;
    SCAN_NOTIFICATION     Notification;
} SCAN_MESSAGE, *PSCAN_MESSAGE;

typedef struct _SCAN_REPLY_MESSAGE {
    FILTER_REPLY_HEADER Header;
    SCAN_REPLY          Reply;
} SCAN_REPLY_MESSAGE, *PSCAN_REPLY_MESSAGE;

typedef struct _SCAN_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    PEPROCESS               ScannerProcess;
    NPAGED_LOOKASIDE_LIST   MessageLookaside;
    BOOLEAN                 LookasideReady;
    volatile LONG           Scanned;
    volatile LONG           Blocked;
} SCAN_GLOBALS, *PSCAN_GLOBALS;

extern SCAN_GLOBALS g_Scan;

/* comm.c */
NTSTATUS ScanCreatePort(_In_ PFLT_FILTER Filter);
VOID     ScanClosePort(VOID);
NTSTATUS ScanAskUser(_In_ PFLT_CALLBACK_DATA Data,
                     _In_ PFLT_FILE_NAME_INFORMATION NameInfo,
                     _Out_ PBOOLEAN Block);
