#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define PL_TAG              'gLrP'
#define PL_LINE_CHARS       260
#define PL_LOG_PATH         L"\\??\\C:\\Windows\\Temp\\proclog.txt"
#define PL_DEVICE_NAME      L"\\Device\\ProcLog"

/* set to 0 to stop logging thread create/exit, it's very noisy */
#define PL_LOG_THREADS      1

#define PLPRINT(_x_)        DbgPrint _x_

typedef struct _PL_WORK {
    PIO_WORKITEM    WorkItem;
    ULONG           Length;
    CHAR            Line[PL_LINE_CHARS];
} PL_WORK, *PPL_WORK;

/* globals (driver.c) */
extern PDEVICE_OBJECT   g_PlDevice;
extern HANDLE           g_hLogFile;
extern volatile LONG    g_PendingWork;

/* filelog.c */
NTSTATUS PlOpenLogFile(VOID);
VOID     PlCloseLogFile(VOID);
VOID     PlQueueLine(_In_z_ PCSTR Format, ...);
IO_WORKITEM_ROUTINE PlWriteWorker;
