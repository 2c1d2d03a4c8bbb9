/*
 * driver.h - fpgabar: KMDF function driver for the FB-200 PCIe FPGA
 * acquisition card. Exposes BAR0 control registers through IOCTLs.
 */

#pragma once

#include <ntddk.h>
#include <wdf.h>

#include "trace.h"

#define FPGABAR_POOL_TAG              'rBgF'
#define FPGABAR_DEFAULT_DMA_CHANNELS  2
#define FPGABAR_MAX_DMA_CHANNELS      8

typedef struct _FPGABAR_DRIVER_CONTEXT {
    ULONG DmaChannels;
    ULONG DeviceCount;
} FPGABAR_DRIVER_CONTEXT, *PFPGABAR_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FPGABAR_DRIVER_CONTEXT, FpgaBarGetDriverContext)

typedef struct _FPGABAR_DEVICE_CONTEXT {
    PUCHAR    Bar0;
    SIZE_T    Bar0Length;
    WDFQUEUE  ControlQueue;
} FPGABAR_DEVICE_CONTEXT, *PFPGABAR_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FPGABAR_DEVICE_CONTEXT, FpgaBarGetDeviceContext)

/* Role-type declarations for Code Analysis / SDV. */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD FpgaBarEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP FpgaBarEvtDriverContextCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE FpgaBarEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE FpgaBarEvtReleaseHardware;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL FpgaBarEvtIoDeviceControl;
