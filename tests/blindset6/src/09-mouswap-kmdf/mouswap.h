/*
 * mouswap - swaps the left and right buttons and optionally inverts the
 * wheel for the mouse it is installed on (upper filter below mouclass).
 */
#pragma once

#include <ntddk.h>
#include <kbdmou.h>
#include <ntddmou.h>
#include <ntdd8042.h>
#include <wdf.h>

#if DBG
#define MSW_DBG(_fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "mouswap: " _fmt "\n", __VA_ARGS__)
#else
#define MSW_DBG(_fmt, ...)
#endif

typedef struct _MSW_DEVICE_CONTEXT {
    CONNECT_DATA    UpperConnectData;
    BOOLEAN         Connected;
    BOOLEAN         SwapButtons;
    BOOLEAN         InvertWheel;
    ULONG           PacketsSeen;
} MSW_DEVICE_CONTEXT, *PMSW_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(MSW_DEVICE_CONTEXT, MswGetContext)

typedef struct _MSW_DRIVER_CONTEXT {
    BOOLEAN DefaultSwap;
    BOOLEAN DefaultInvert;
} MSW_DRIVER_CONTEXT, *PMSW_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(MSW_DRIVER_CONTEXT, MswGetDriverContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD MswEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL MswEvtInternalIoctl;

VOID
MswServiceCallback(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PMOUSE_INPUT_DATA InputDataStart,
    _In_ PMOUSE_INPUT_DATA InputDataEnd,
    _Inout_ PULONG InputDataConsumed
    );
