// driver.h - SensorHub KMDF function driver (Contoso Instruments)

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#include "public.h"
#include "trace.h"

#define SH_POOL_TAG             'bHnS'
#define SH_HISTORY_DEPTH        32
#define SH_SAMPLE_PERIOD_MS     1000

// one recorded sample, allocated from the driver-wide lookaside list
typedef struct _SH_SAMPLE_ENTRY {
    SH_SAMPLE   Sample;
} SH_SAMPLE_ENTRY, *PSH_SAMPLE_ENTRY;

// driver-wide state, lives until the WDFDRIVER cleanup callback
typedef struct _SH_DRIVER_GLOBALS {
    LOOKASIDE_LIST_EX   SampleLookaside;
} SH_DRIVER_GLOBALS, *PSH_DRIVER_GLOBALS;

extern SH_DRIVER_GLOBALS ShGlobals;

typedef struct _SH_DEVICE_CONTEXT {
    WDFDEVICE           Device;
    WDFQUEUE            DefaultQueue;
    WDFQUEUE            PendingQueue;       // manual, holds IOCTL_SH_WAIT_SAMPLE
    WDFTIMER            SampleTimer;        // child of the device
    WDFSPINLOCK         SampleLock;         // child of the device

    SH_SAMPLE           Latest;
    ULONG               Sequence;

    // last SH_HISTORY_DEPTH samples (diagnostics dump), freed in EvtCleanupCallback
    PSH_SAMPLE_ENTRY   *History;
    ULONG               HistoryHead;
    ULONG               HistoryCount;
} SH_DEVICE_CONTEXT, *PSH_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SH_DEVICE_CONTEXT, ShGetDeviceContext)

// driver.c
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP ShEvtDriverContextCleanup;

// device.c
EVT_WDF_DRIVER_DEVICE_ADD ShEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP ShEvtDeviceCleanup;
EVT_WDF_DEVICE_D0_ENTRY ShEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT ShEvtDeviceD0Exit;
EVT_WDF_TIMER ShEvtSampleTimer;

// queue.c
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS ShQueueInitialize(_In_ WDFDEVICE Device, _In_ PSH_DEVICE_CONTEXT Context);
VOID ShCompleteWaiters(_In_ PSH_DEVICE_CONTEXT Context, _In_ const SH_SAMPLE *Sample);

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL ShEvtIoDeviceControl;
