/*
 * diskwatch.h - keeps a live list of disks (GUID_DEVINTERFACE_DISK) and their
 * device numbers, readable from user mode through \\.\DiskWatch.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#include <ntddk.h>
#include <ntddstor.h>
#include <wdmguid.h>

#define DW_TAG              'hWkD'
#define DW_DEVICE_NAME      L"\\Device\\DiskWatch"
#define DW_LINK_NAME        L"\\DosDevices\\DiskWatch"
#define DW_MAX_LINK_CHARS   256
#define DW_NUMBER_UNKNOWN   ((ULONG)-1)

#define FILE_DEVICE_DISKWATCH       0x8C45
#define IOCTL_DISKWATCH_SNAPSHOT    CTL_CODE(FILE_DEVICE_DISKWATCH, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)

#define DW_TRACE(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "diskwatch: " __VA_ARGS__)
#define DW_FAIL(...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "diskwatch: " __VA_ARGS__)

/* what IOCTL_DISKWATCH_SNAPSHOT returns */
typedef struct _DW_SNAPSHOT {
    ULONG Count;
    ULONG DeviceNumber[1];
} DW_SNAPSHOT, *PDW_SNAPSHOT;

/* watch.cpp */
VOID     DwInitialize(VOID);
NTSTATUS DwStartWorker(VOID);
VOID     DwStopWorker(VOID);
NTSTATUS DwRegisterNotification(_In_ PDRIVER_OBJECT DriverObject);
VOID     DwUnregisterNotification(VOID);
VOID     DwClearList(VOID);
ULONG    DwSnapshot(_Out_writes_bytes_(Size) PDW_SNAPSHOT Out, _In_ ULONG Size);

#ifdef __cplusplus
}
#endif
