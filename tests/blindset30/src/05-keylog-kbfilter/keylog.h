//
// keylog.h - KMDF keyboard upper filter (based on the kbfiltr sample)
// Part 3 of my "writing a keyboard filter" blog series.
//
#pragma once

#include <ntddk.h>
#include <kbdmou.h>
#include <ntddkbd.h>
#include <wdf.h>

#define KL_TAG          'gLyK'
#define KL_RING_SIZE    512     // number of KEYBOARD_INPUT_DATA entries kept per device

#if DBG
#define KL_PRINT(_x_) DbgPrint _x_
#else
#define KL_PRINT(_x_)
#endif

typedef struct _KL_CONFIG {
    ULONG   LogToDebugger;      // dump every key to the debugger
    ULONG   IgnoreBreakCodes;   // don't record key-up events
} KL_CONFIG, *PKL_CONFIG;

typedef struct _KL_DEVICE_CONTEXT {
    WDFDEVICE           Device;

    // class driver connect data we replaced
    CONNECT_DATA        UpperConnectData;

    // ring of recorded keystrokes
    WDFMEMORY           RingMemory;
    PKEYBOARD_INPUT_DATA Ring;
    ULONG               RingHead;
    ULONG               RingCount;
    WDFSPINLOCK         RingLock;

    KL_CONFIG           Config;
} KL_DEVICE_CONTEXT, *PKL_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KL_DEVICE_CONTEXT, KlGetContext)

extern PUNICODE_STRING g_RegistryPath;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KlEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL KlEvtIoInternalDeviceControl;

VOID
KlServiceCallback(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PKEYBOARD_INPUT_DATA InputDataStart,
    _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG InputDataConsumed
    );
