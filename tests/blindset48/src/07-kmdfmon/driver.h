/*
 * driver.h - KmdfMon: non-PnP KMDF driver that keeps a bounded table of
 * live processes and hands out snapshots through a control device.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#include "trace.h"

#define KM_TAG                  'nMmK'
#define KM_DEVICE_NAME          L"\\Device\\KmdfMon"
#define KM_LINK_NAME            L"\\DosDevices\\KmdfMon"
#define KM_DEFAULT_CAPACITY     512
#define KM_MIN_CAPACITY         16
#define KM_MAX_CAPACITY         65536

#define IOCTL_KM_SNAPSHOT       CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _KM_STATE {
    KmStateInit = 0,
    KmStateCollecting,
    KmStateTearingDown
} KM_STATE;

typedef struct _KM_PROC_RECORD {
    LIST_ENTRY    Link;
    HANDLE        ProcessId;
    HANDLE        ParentId;
    LARGE_INTEGER CreateTime;
} KM_PROC_RECORD, *PKM_PROC_RECORD;

typedef struct _KM_SNAPSHOT {
    ULONG  Count;
    ULONG  Dropped;
    ULONG_PTR Pids[1];
} KM_SNAPSHOT;

typedef struct _KM_GLOBALS {
    WDFDRIVER      Driver;
    WDFDEVICE      ControlDevice;
    WDFSPINLOCK    Lock;
    LIST_ENTRY     Records;
    ULONG          RecordCount;
    ULONG          Dropped;
    ULONG          Capacity;
    ULONG          IgnoreSystem;
    volatile LONG  State;
    BOOLEAN        NotifyRegistered;
} KM_GLOBALS;

extern KM_GLOBALS g_Km;

EXTERN_C_START

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KmEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP KmEvtDriverContextCleanup;

/* control.c */
NTSTATUS KmCreateControlDevice(_In_ WDFDRIVER Driver);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmEvtIoDeviceControl;

/* notify.c */
NTSTATUS KmNotifyStart(VOID);
VOID     KmNotifyStop(VOID);

EXTERN_C_END
