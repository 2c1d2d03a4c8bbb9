/*++
    echo.h - definitions for the KMDF echo control device.
    The IOCTL codes and ECHO_PING_REPLY are copied into the test app.
--*/
#pragma once

#define ECHO_NT_NAME        L"\\Device\\KmdfEcho"
#define ECHO_DOS_NAME       L"\\DosDevices\\KmdfEcho"
#define ECHO_POOL_TAG       'ohcE'
#define ECHO_MAX_MESSAGE    4096

#define IOCTL_ECHO_PING     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_ECHO_RESET    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _ECHO_PING_REPLY {
    ULONG   Version;
    ULONG   WriteCount;
    ULONG   ReadCount;
    ULONG   BytesStored;
} ECHO_PING_REPLY, *PECHO_PING_REPLY;

typedef struct _CONTROL_DEVICE_CONTEXT {
    WDFSPINLOCK Lock;
    UCHAR       Message[ECHO_MAX_MESSAGE];
    size_t      MessageLength;
    ULONG       WriteCount;
    ULONG       ReadCount;
} CONTROL_DEVICE_CONTEXT, *PCONTROL_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_DEVICE_CONTEXT, ControlGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD EchoEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_READ EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE EchoEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EchoEvtIoDeviceControl;

NTSTATUS EchoCreateControlDevice(_In_ WDFDRIVER Driver);
