/*
 * thermsim.h - private definitions for the ThermSim KMDF function driver.
 * A periodic timer produces simulated sensor readings; clients query the
 * last reading or park a request that completes when the threshold trips.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>

#include "public.h"

#define TS_POOL_TAG                 'mShT'

#define TS_DEFAULT_PERIOD_MS        500
#define TS_MIN_PERIOD_MS            100
#define TS_MAX_PERIOD_MS            10000
#define TS_DEFAULT_THRESHOLD_MC     70000

#define TS_FLOOR_MC                 15000
#define TS_CEILING_MC               95000

//
// Status helpers. Everything in this driver funnels through these so the
// tracing build can hook them.
//
#define TS_SUCCEEDED(_s)    NT_SUCCESS(_s)
#define TS_FAILED(_s)       (!NT_SUCCESS(_s))

#define TsLog(_level, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_level), "thermsim: " _fmt "\n", __VA_ARGS__)

typedef struct _TS_DRIVER_CONTEXT {
    ULONG SamplePeriodMs;
    LONG  DefaultThresholdMilliC;
} TS_DRIVER_CONTEXT, *PTS_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TS_DRIVER_CONTEXT, TsGetDriverContext)

typedef struct _TS_DEVICE_CONTEXT {
    WDFDEVICE   Device;
    WDFQUEUE    DefaultQueue;
    WDFQUEUE    NotifyQueue;        // manual, holds WAIT_THRESHOLD requests
    WDFTIMER    SampleTimer;
    WDFSPINLOCK StateLock;          // guards the fields below
    LONG        CurrentMilliC;
    LONG        ThresholdMilliC;
    ULONG       Samples;
    ULONG       Seed;
} TS_DEVICE_CONTEXT, *PTS_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TS_DEVICE_CONTEXT, TsGetDeviceContext)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD TsEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP TsEvtDriverContextCleanup;

//
// device.c
//
NTSTATUS TsCreateDevice(_Inout_ PWDFDEVICE_INIT DeviceInit);
VOID TsSnapshot(_In_ PTS_DEVICE_CONTEXT Context, _Out_ PTHERMSIM_READING Reading);

EVT_WDF_DEVICE_D0_ENTRY TsEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT TsEvtDeviceD0Exit;
EVT_WDF_TIMER TsEvtSampleTimer;

//
// queue.c
//
NTSTATUS TsQueueInitialize(_In_ WDFDEVICE Device);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL TsEvtIoDeviceControl;
