/*++
Module Name:
    vpad.h

Abstract:
    vpad - software gamepad. A root-enumerated KMDF function driver that
    creates a virtual HID device through the Virtual HID Framework (VHF)
    and feeds it input reports at a fixed rate. A companion application
    sets the pad state with IOCTL_VPAD_SET_STATE.
--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <hidclass.h>
#include <vhf.h>
#include <initguid.h>

// {6A0F3C27-5E1D-4B8B-9C5A-2D7E41F08B63}
DEFINE_GUID(GUID_DEVINTERFACE_VPAD,
    0x6a0f3c27, 0x5e1d, 0x4b8b, 0x9c, 0x5a, 0x2d, 0x7e, 0x41, 0xf0, 0x8b, 0x63);

#define VPAD_TAG                    'daPV'
#define VPAD_DEFAULT_INTERVAL_MS    8
#define VPAD_REPORT_ID              1

#define FILE_DEVICE_VPAD            0xA210
#define IOCTL_VPAD_SET_STATE        CTL_CODE(FILE_DEVICE_VPAD, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define VPAD_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vpad: " fmt "\n", ##__VA_ARGS__)

#include <pshpack1.h>
typedef struct _VPAD_INPUT_REPORT {
    UCHAR  ReportId;
    USHORT Buttons;
    CHAR   X;
    CHAR   Y;
} VPAD_INPUT_REPORT, *PVPAD_INPUT_REPORT;
#include <poppack.h>

typedef struct _VPAD_STATE {
    USHORT Buttons;
    CHAR   X;
    CHAR   Y;
} VPAD_STATE, *PVPAD_STATE;

typedef struct _VPAD_PARAMETERS {
    ULONG ReportIntervalMs;
} VPAD_PARAMETERS;

extern VPAD_PARAMETERS g_VpadParams;

typedef struct _VPAD_CONTEXT {
    WDFDEVICE         Device;
    VHFHANDLE         VhfHandle;
    WDFTIMER          ReportTimer;
    KSPIN_LOCK        ReportLock;
    VPAD_INPUT_REPORT Report;
} VPAD_CONTEXT, *PVPAD_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VPAD_CONTEXT, VpadGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD VpadEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP VpadEvtDeviceCleanup;
EVT_WDF_DEVICE_D0_ENTRY VpadEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT VpadEvtDeviceD0Exit;
EVT_WDF_TIMER VpadEvtReportTimer;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL VpadEvtIoDeviceControl;
