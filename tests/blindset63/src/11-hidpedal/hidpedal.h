/*
 * hidpedal.h - virtual three-pedal (clutch/brake/throttle) HID device
 *
 * KMDF HID minidriver, loaded as a lower filter below mshidkmdf.sys.
 * The simulator pushes pedal positions with a SET_FEATURE report,
 * a timer streams input reports at the configured rate.
 */
#ifndef HIDPEDAL_H
#define HIDPEDAL_H

#include <ntddk.h>
#include <wdf.h>
#include <hidport.h>

#define PEDAL_TAG               'ldeP'
#define PEDAL_VID               0x1209
#define PEDAL_PID               0xBEDA
#define PEDAL_VERSION           0x0100

#define PEDAL_REPORT_ID_INPUT   0x01
#define PEDAL_REPORT_ID_FEATURE 0x02

#define PEDAL_DEFAULT_RATE_MS   10
#define PEDAL_MIN_RATE_MS       2
#define PEDAL_MAX_RATE_MS       100

#define PEDAL_PRINT(lvl, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "hidpedal: " __VA_ARGS__)

#include <pshpack1.h>
typedef struct _PEDAL_REPORT {
    UCHAR   ReportId;
    USHORT  Clutch;
    USHORT  Brake;
    USHORT  Throttle;
} PEDAL_REPORT, *PPEDAL_REPORT;
#include <poppack.h>

typedef struct _PEDAL_CONTEXT {
    WDFQUEUE        ReadQueue;
    WDFTIMER        StreamTimer;
    WDFSPINLOCK     PositionLock;
    PEDAL_REPORT    Position;
    ULONG           RateMs;
    HID_DEVICE_ATTRIBUTES Attributes;
} PEDAL_CONTEXT, *PPEDAL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PEDAL_CONTEXT, PedalGetContext)

extern const UCHAR          g_PedalReportDescriptor[];
extern const ULONG          g_PedalReportDescriptorLength;

DRIVER_INITIALIZE                           DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD                   PedalEvtDeviceAdd;
EVT_WDF_DEVICE_D0_ENTRY                     PedalEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT                      PedalEvtD0Exit;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL PedalEvtInternalDeviceControl;
EVT_WDF_TIMER                               PedalEvtStreamTimer;

NTSTATUS PedalCreateQueuesAndTimer(_In_ WDFDEVICE Device, _In_ PPEDAL_CONTEXT Ctx);
ULONG    PedalReadRate(_In_ WDFDEVICE Device);

#endif
