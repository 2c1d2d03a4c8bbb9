/*++
    polstore - keeps the device-control policy for the agent in kernel
    memory so the enforcement filters can query it at DISPATCH_LEVEL.
--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define POL_TAG               'lPtS'
#define POL_DEVICE_NAME       L"\\Device\\PolStore"
#define POL_LINK_NAME         L"\\DosDevices\\PolStore"
#define POL_MAX_RULES         64

#define IOCTL_POL_QUERY       CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_POL_RELOAD      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD02, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _POL_RULE {
    USHORT VendorId;
    USHORT ProductId;
    ULONG  Action;              // 0 allow, 1 block, 2 read-only
} POL_RULE, *PPOL_RULE;

typedef struct _POL_TABLE {
    WDFSPINLOCK Lock;
    ULONG       Count;
    POL_RULE    Rules[POL_MAX_RULES];
    ULONG       Generation;
} POL_TABLE, *PPOL_TABLE;

extern POL_TABLE PolTable;

#define TRACE_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "polstore!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define TRACE_INFO(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "polstore!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD PolEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL PolEvtIoDeviceControl;

// policy.c
NTSTATUS PolLoadFromRegistry(_In_ WDFDRIVER Driver);
ULONG    PolLookup(_In_ USHORT VendorId, _In_ USHORT ProductId);
