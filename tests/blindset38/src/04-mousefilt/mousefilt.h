/*
 * mousefilt - mouse class upper filter that can swap buttons and/or
 * invert the Y axis for one particular mouse (install it on that
 * device only, not in the class key).
 */
#pragma once

#include <ntddk.h>
#include <kbdmou.h>
#include <ntddmou.h>
#include <wdf.h>

#include "trace.h"

#define MF_TAG              'tlFM'

typedef struct _MF_SETTINGS {
    ULONG   SwapButtons;
    ULONG   InvertY;
    ULONG   LogPackets;
} MF_SETTINGS;

extern MF_SETTINGS g_MfSettings;

typedef struct _MF_DEVICE_CONTEXT {
    WDFDEVICE       Device;
    CONNECT_DATA    UpperConnectData;
    BOOLEAN         Connected;
    LONG            PacketCount;
} MF_DEVICE_CONTEXT, *PMF_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(MF_DEVICE_CONTEXT, MfGetContext)

DRIVER_INITIALIZE                           DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD                   MfEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP              MfEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL MfEvtIoInternalDeviceControl;

VOID
MfServiceCallback(
    _In_    PDEVICE_OBJECT      DeviceObject,
    _In_    PMOUSE_INPUT_DATA   InputDataStart,
    _In_    PMOUSE_INPUT_DATA   InputDataEnd,
    _Inout_ PULONG              InputDataConsumed
    );

VOID MfLoadSettings(_In_ WDFDRIVER Driver);
