#pragma once
//
// KmdfHello: started as the "hello world" KMDF driver from the docs and grew
// a queue, an IOCTL that echoes a greeting and a per-device counter.
//
#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

// {5C1D6C7E-0E52-4C38-8B2A-9E7F3A1D4B60}
DEFINE_GUID(GUID_DEVINTERFACE_KMDFHELLO,
    0x5c1d6c7e, 0x0e52, 0x4c38, 0x8b, 0x2a, 0x9e, 0x7f, 0x3a, 0x1d, 0x4b, 0x60);

#define IOCTL_HELLO_GREET CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HELLO_COUNT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define HELLO_PRINT(fmt, ...) \
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "KmdfHello: " fmt "\n", __VA_ARGS__))

typedef struct _HELLO_DEVICE_CONTEXT {
    ULONG Greetings;
    WDFQUEUE Queue;
} HELLO_DEVICE_CONTEXT, *PHELLO_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(HELLO_DEVICE_CONTEXT, HelloGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD HelloEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP HelloEvtDriverCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL HelloEvtIoDeviceControl;

NTSTATUS HelloQueueInitialize(_In_ WDFDEVICE Device);
