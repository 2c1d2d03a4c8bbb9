#pragma once
#include <ntddk.h>

#define RK_TAG 'nacS'
#define RK_MAX_MODULES 512

typedef struct _RK_SCANNER {
    PDEVICE_OBJECT Device;
    PIO_WORKITEM   WorkItem;
    PVOID          Snapshot;        // copy of the module list taken at load time
    ULONG          SnapshotCount;
    KEVENT         Idle;
    volatile LONG  Busy;
} RK_SCANNER, *PRK_SCANNER;

extern RK_SCANNER g_Scanner;

NTSTATUS RkInitScanner(PDEVICE_OBJECT Device);
VOID     RkFreeScanner(VOID);
NTSTATUS RkQueueScan(VOID);
