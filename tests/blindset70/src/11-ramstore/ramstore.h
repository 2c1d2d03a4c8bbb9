#pragma once
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define RS_POOL_TAG     'tSmR'
#define RS_NT_NAME      L"\\Device\\RamStore"
#define RS_DOS_NAME     L"\\DosDevices\\RamStore"
#define RS_SECTOR_SIZE  512
#define RS_SECTORS      8192          // 4 MB

#define IOCTL_RS_GET_GEOMETRY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RS_WIPE         CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_WRITE_ACCESS)

// poor man's WPP
#define TRACE_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "RamStore!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define TRACE_INFO(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "RamStore!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

typedef struct _RS_GEOMETRY {
    ULONG SectorSize;
    ULONG Sectors;
} RS_GEOMETRY;

typedef struct _RS_DEVICE_CONTEXT {
    WDFMEMORY Store;            // parented to the device, freed with it
    PUCHAR    Base;
    size_t    Size;
} RS_DEVICE_CONTEXT, *PRS_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RS_DEVICE_CONTEXT, RsGetContext)

EXTERN_C_START
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD RsEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_READ RsEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE RsEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL RsEvtIoDeviceControl;

NTSTATUS RsCreateDevice(_In_ WDFDRIVER Driver);
EXTERN_C_END
