#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#include "trace.h"

// {b4c7e2a9-5f13-4d86-a0e1-93d27c5b6f10}
DEFINE_GUID(GUID_DEVINTERFACE_ECHOPNP,
    0xb4c7e2a9, 0x5f13, 0x4d86, 0xa0, 0xe1, 0x93, 0xd2, 0x7c, 0x5b, 0x6f, 0x10);

#define ECHO_POOL_TAG       'PohE'
#define ECHO_MAX_WRITE      (16 * 1024)
#define ECHO_STATS_PERIOD   5000        // ms

typedef struct _DEVICE_CONTEXT {
    WDFTIMER    StatsTimer;
    WDFMEMORY   Buffer;                 // last write, owned by the device
    size_t      BufferLength;
    volatile LONG Reads;
    volatile LONG Writes;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

// driver.c
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD EchoEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EchoEvtDriverContextCleanup;

// device.c
EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT    EchoEvtSelfManagedIoInit;
EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND EchoEvtSelfManagedIoSuspend;
EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART EchoEvtSelfManagedIoRestart;
EVT_WDF_TIMER                          EchoEvtStatsTimer;

// queue.c
NTSTATUS EchoQueueInitialize(_In_ WDFDEVICE Device);
EVT_WDF_IO_QUEUE_IO_READ  EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE EchoEvtIoWrite;
