/*
 * hidmacro.h
 *
 * KMDF HID minidriver (lower filter under mshidkmdf.sys) for a "macro keyboard":
 * a timer replays the key sequence stored in the device context so that a
 * scripted stream of keystrokes shows up as a regular HID keyboard.
 */
#ifndef _HIDMACRO_H_
#define _HIDMACRO_H_

#include <ntddk.h>
#include <wdf.h>
#include <hidport.h>

#define HIDMACRO_TAG                'rcMH'

#define HIDMACRO_VID                0xFEED
#define HIDMACRO_PID                0x0B0B
#define HIDMACRO_VERSION            0x0101

#define HIDMACRO_DEFAULT_REPEAT_MS  40
#define HIDMACRO_MIN_REPEAT_MS      10
#define HIDMACRO_MAX_REPEAT_MS      1000
#define HIDMACRO_MAX_KEYS           32

#define DBGPRINT(_x_)   KdPrint(_x_)

#include <pshpack1.h>
typedef struct _HIDMACRO_INPUT_REPORT {
    UCHAR   ReportId;
    UCHAR   Modifiers;
    UCHAR   Reserved;
    UCHAR   Keys[6];
} HIDMACRO_INPUT_REPORT, *PHIDMACRO_INPUT_REPORT;
#include <poppack.h>

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE       Device;
    WDFQUEUE        DefaultQueue;
    WDFQUEUE        ReadReportQueue;
    WDFTIMER        ReplayTimer;
    ULONG           RepeatMs;
    ULONG           KeyCount;
    ULONG           KeyIndex;
    BOOLEAN         KeyDown;
    UCHAR           Keys[HIDMACRO_MAX_KEYS];
    HID_DEVICE_ATTRIBUTES   Attributes;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

extern const UCHAR          g_ReportDescriptor[];
extern const USHORT         g_ReportDescriptorLength;
extern HID_DESCRIPTOR       g_HidDescriptor;

DRIVER_INITIALIZE                           DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD                   HidMacroEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL HidMacroEvtInternalDeviceControl;
EVT_WDF_TIMER                               HidMacroEvtReplayTimer;

NTSTATUS HidMacroQueueInitialize(_In_ WDFDEVICE Device, _In_ PDEVICE_CONTEXT Ctx);

#endif // _HIDMACRO_H_
