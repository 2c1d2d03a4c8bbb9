#pragma once
#include <ntddk.h>

#define WK_TAG 'krWk'

#define LOG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "worker: " fmt "\n", __VA_ARGS__))

#define IOCTL_WK_SUBMIT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WK_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _WK_ITEM {
    LIST_ENTRY Link;
    ULONG      Payload;
} WK_ITEM, *PWK_ITEM;

typedef struct _WK_STATS {
    ULONG Submitted;
    ULONG Processed;
    ULONG Dropped;
} WK_STATS, *PWK_STATS;

// one init step: Init may fail, Fini must undo exactly what Init did
typedef NTSTATUS (*WK_INIT_FN)(_In_ PDRIVER_OBJECT DriverObject);
typedef VOID (*WK_FINI_FN)(VOID);

typedef struct _WK_STEP {
    PCSTR      Name;
    WK_INIT_FN Init;
    WK_FINI_FN Fini;
} WK_STEP;

// thread.c
NTSTATUS WkThreadStart(_In_ PDRIVER_OBJECT DriverObject);
VOID     WkThreadStop(VOID);
NTSTATUS WkSubmit(_In_ ULONG Payload);

// stats.c part of thread.c
NTSTATUS WkStatsInit(_In_ PDRIVER_OBJECT DriverObject);
VOID     WkStatsFini(VOID);
VOID     WkStatsSnapshot(_Out_ PWK_STATS Out);

// device.c
NTSTATUS WkDeviceInit(_In_ PDRIVER_OBJECT DriverObject);
VOID     WkDeviceFini(VOID);
