#ifndef VLUX_H
#define VLUX_H

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

/* {2F9A61D3-0C4E-4B87-9A15-E6D70B3C8F42} */
DEFINE_GUID(GUID_DEVINTERFACE_VLUX,
    0x2f9a61d3, 0x0c4e, 0x4b87, 0x9a, 0x15, 0xe6, 0xd7, 0x0b, 0x3c, 0x8f, 0x42);

#define VLUX_TAG            'xuLV'
#define VLUX_CURVE_POINTS   24          /* one per hour */
#define VLUX_TICK_MS        250
#define VLUX_NOTIFY_DELTA   25          /* lux */

#define IOCTL_VLUX_GET          CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_VLUX_WAIT_CHANGE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_READ_ACCESS)

#define VLUX_LOG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "vlux: " fmt "\n", __VA_ARGS__)
#define VLUX_ERR(fmt, ...)  VLUX_LOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)
#define VLUX_INFO(fmt, ...) VLUX_LOG(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)

typedef struct _VLUX_GLOBALS {
    UNICODE_STRING ServiceKey;          /* private copy */
    PULONG         Curve;               /* VLUX_CURVE_POINTS lux values */
} VLUX_GLOBALS;

extern VLUX_GLOBALS g_Vlux;

typedef struct _VLUX_CONTEXT {
    WDFDEVICE       Device;
    WDFTIMER        Tick;
    WDFWORKITEM     Notify;
    WDFSPINLOCK     Lock;
    WDFCOLLECTION   Openers;
    WDFQUEUE        WaitQueue;
    ULONG           Lux;
    ULONG           LastNotifiedLux;
    ULONG           Step;
} VLUX_CONTEXT, *PVLUX_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VLUX_CONTEXT, VluxGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD VluxEvtDriverUnload;
EVT_WDF_DRIVER_DEVICE_ADD VluxEvtDeviceAdd;
EVT_WDF_DEVICE_D0_ENTRY VluxEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT VluxEvtD0Exit;
EVT_WDF_DEVICE_FILE_CREATE VluxEvtFileCreate;
EVT_WDF_FILE_CLEANUP VluxEvtFileCleanup;
EVT_WDF_TIMER VluxEvtTick;
EVT_WDF_WORKITEM VluxEvtNotify;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL VluxEvtIoctl;

NTSTATUS VluxLoadCurve(VOID);
VOID VluxFreeGlobals(VOID);

#endif
