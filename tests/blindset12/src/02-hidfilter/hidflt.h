#pragma once
//
// hidflt - KMDF upper filter for a USB HID mouse/keyboard.
// Counts reports going up the stack and exposes a control device
// (\\.\HidFltCtl) so the companion tool can read the counters.
//

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define HIDFLT_POOL_TAG   'tlFH'
#define HIDFLT_CTL_NAME   L"\\Device\\HidFltCtl"
#define HIDFLT_CTL_LINK   L"\\DosDevices\\HidFltCtl"

#define IOCTL_HIDFLT_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

#define TRACE(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "hidflt: " fmt "\n", __VA_ARGS__)

typedef struct _HIDFLT_STATS {
    LONG64 Reads;
    LONG64 Ioctls;
    LONG64 Attached;
} HIDFLT_STATS, *PHIDFLT_STATS;

typedef struct _FILTER_CONTEXT {
    WDFDEVICE  Device;
    WDFIOTARGET Target;
    ULONG      Index;
} FILTER_CONTEXT, *PFILTER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FILTER_CONTEXT, FilterGetContext)

extern HIDFLT_STATS g_Stats;
extern WDFDEVICE    g_ControlDevice;

EVT_WDF_DRIVER_DEVICE_ADD HidFltEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_DEFAULT HidFltEvtForward;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL HidFltEvtInternalIoctl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL HidFltEvtControlIoctl;

NTSTATUS HidFltCreateControlDevice(_In_ WDFDRIVER Driver);
