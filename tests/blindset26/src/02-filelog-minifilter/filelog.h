/*
 * filelog.h
 *
 * My first minifilter :) It logs every file that gets opened for write
 * and sends the path to a little console app (FileLogApp.exe) over a
 * filter communication port.
 *
 * Followed the "minispy" and "scanner" samples + a youtube tutorial.
 */
#pragma once

#include <fltKernel.h>
#include <dontuse.h>
#include <suppress.h>

#define FILELOG_PORT_NAME       L"\\FileLogPort"
#define FILELOG_TAG             'golF'
#define FILELOG_MAX_PATH        512     /* WCHARs */
#define FILELOG_SEND_TIMEOUT_MS 100

#define FL_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "FileLog: " fmt, __VA_ARGS__)

/* message sent to user mode */
typedef struct _FILELOG_NOTIFICATION {
    ULONG   ProcessId;
    ULONG   DesiredAccess;
    ULONG   Disposition;
    USHORT  PathLength;                 /* bytes */
    WCHAR   Path[FILELOG_MAX_PATH];
} FILELOG_NOTIFICATION, *PFILELOG_NOTIFICATION;

/* global stuff */
typedef struct _FILELOG_DATA {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;         /* only one app can connect */
    PEPROCESS       UserProcess;
    LONG            MessagesSent;
    LONG            MessagesDropped;
} FILELOG_DATA, *PFILELOG_DATA;

extern FILELOG_DATA g_FileLog;

/* comm.c */
NTSTATUS FlCreatePort(VOID);
VOID FlClosePort(VOID);
VOID FlSendToUser(_In_ PFILELOG_NOTIFICATION Notification);
