#pragma once
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define RD_TAG            'ksDR'
#define RD_DEVICE_NAME    L"\\Device\\KmdfRamDisk"
#define RD_LINK_NAME      L"\\DosDevices\\KmdfRamDisk"
#define RD_DEFAULT_SIZE   (4 * 1024 * 1024)   // 4 MB

#define RD_PRINT(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "RamDisk: " fmt "\n", __VA_ARGS__))

typedef struct _RD_CONTEXT {
    PUCHAR  Image;
    SIZE_T  Size;
    WDFQUEUE Queue;
    ULONG   Reads;
    ULONG   Writes;
} RD_CONTEXT, *PRD_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RD_CONTEXT, RdGetContext)

EXTERN_C_START
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD RdEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP RdEvtDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_READ  RdEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE RdEvtIoWrite;

NTSTATUS RdCreateControlDevice(_In_ WDFDRIVER Driver, _In_ SIZE_T DiskSize);
EXTERN_C_END
