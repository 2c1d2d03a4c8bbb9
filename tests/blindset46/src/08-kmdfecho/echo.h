#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>     // SDDL_DEVOBJ_SYS_ALL_ADM_ALL

//
// KmdfEcho - non-PnP (control device) echo driver.
// Whatever is written is kept and handed back on the next read.
//
// Based on the nonpnp sample + the book chapter on control devices.
//

#define ECHO_TAG            'ohcE'
#define ECHO_MAX_BUFFER     (64 * 1024)

#define ECHO_NT_NAME        L"\\Device\\KmdfEcho"
#define ECHO_DOS_NAME       L"\\DosDevices\\KmdfEcho"

#define IOCTL_ECHO_RESET    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_ECHO_LENGTH   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_READ_ACCESS)

#define EchoPrint(_x_)      KdPrint(_x_)

typedef struct _CONTROL_CONTEXT {
    WDFMEMORY Data;         // last write, NULL when empty
    size_t    Length;
    ULONG     Writes;
    ULONG     Reads;
} CONTROL_CONTEXT, *PCONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_CONTEXT, EchoGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD EchoEvtDriverUnload;

NTSTATUS EchoCreateControlDevice(_In_ WDFDRIVER Driver);
NTSTATUS EchoQueueInitialize(_In_ WDFDEVICE Device);

EVT_WDF_IO_QUEUE_IO_READ           EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE          EchoEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EchoEvtIoDeviceControl;
