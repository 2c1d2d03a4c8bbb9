/*
 * initsteps.h - "table driven" init: every resource is one step with an
 * init and an undo function. DriverEntry walks the table forward, unload
 * walks it backwards.
 */
#pragma once

#include <ntddk.h>

#define IS_TAG          'petS'
#define IS_DEVICE_NAME  L"\\Device\\InitSteps"
#define IS_LINK_NAME    L"\\DosDevices\\InitSteps"

#define IOCTL_IS_GET_COUNTERS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LOG(fmt, ...) KdPrint(("InitSteps: " fmt "\n", __VA_ARGS__))

typedef NTSTATUS (*PIS_INIT_FN)(_In_ PDRIVER_OBJECT DriverObject);
typedef VOID     (*PIS_UNDO_FN)(_In_ PDRIVER_OBJECT DriverObject);

typedef struct _IS_STEP {
    PCSTR       Name;
    PIS_INIT_FN Init;
    PIS_UNDO_FN Undo;
} IS_STEP;

typedef struct _IS_COUNTERS {
    LONG ProcessesStarted;
    LONG ProcessesExited;
    LONG ThreadsStarted;
    LONG ThreadsExited;
} IS_COUNTERS, *PIS_COUNTERS;

typedef struct _IS_PROCESS_RECORD {
    LIST_ENTRY Link;
    HANDLE     ProcessId;
    HANDLE     ParentId;
} IS_PROCESS_RECORD, *PIS_PROCESS_RECORD;

typedef struct _IS_GLOBALS {
    PDEVICE_OBJECT        Device;
    NPAGED_LOOKASIDE_LIST RecordPool;
    KSPIN_LOCK            RecordLock;
    LIST_ENTRY            Records;
    IS_COUNTERS           Counters;
} IS_GLOBALS;

extern IS_GLOBALS g_Is;
extern const IS_STEP g_Steps[];
extern const ULONG g_StepCount;

/* driver.c */
DRIVER_DISPATCH IsDispatchCreateClose;
DRIVER_DISPATCH IsDispatchIoctl;
