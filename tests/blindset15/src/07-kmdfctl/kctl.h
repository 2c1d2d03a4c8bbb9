#pragma once

#include <ntddk.h>
#include <wdf.h>
#include "public.h"

typedef struct _CONTROL_CONTEXT {
    LARGE_INTEGER LoadTime;
    ULONG EchoCount;
} CONTROL_CONTEXT, *PCONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_CONTEXT, ControlGetContext)

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KctlEvtIoDeviceControl;
