/*++

Copyright (c) VHid project.

Module Name:

    vhid.h

Abstract:

    Virtual HID minidriver (KMDF lower filter under mshidkmdf.sys) that
    exposes a gamepad whose state is fed by a user-mode companion.

Environment:

    Kernel mode only

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <hidport.h>
#include "trace.h"

#define VHID_POOL_TAG               'diHV'
#define VHID_VENDOR_ID              0xDEED
#define VHID_PRODUCT_ID             0xFEED
#define VHID_VERSION                0x0101
#define VHID_DEFAULT_INTERVAL_MS    8
#define VHID_MAX_INTERVAL_MS        1000

#define VHID_REPORT_ID_INPUT        0x01
#define VHID_REPORT_ID_OUTPUT       0x02

#include <pshpack1.h>
typedef struct _VHID_INPUT_REPORT {
    UCHAR   ReportId;
    USHORT  Buttons;
    SHORT   X;
    SHORT   Y;
    SHORT   Rx;
    SHORT   Ry;
    UCHAR   Hat;
} VHID_INPUT_REPORT, *PVHID_INPUT_REPORT;

typedef struct _VHID_OUTPUT_REPORT {
    UCHAR   ReportId;
    UCHAR   RumbleLeft;
    UCHAR   RumbleRight;
} VHID_OUTPUT_REPORT, *PVHID_OUTPUT_REPORT;
#include <poppack.h>

typedef struct _VHID_DRIVER_CONTEXT {
    ULONG           ReportIntervalMs;
    BOOLEAN         SynthesizeIdle;
    WDFLOOKASIDE    ReportLookaside;
} VHID_DRIVER_CONTEXT, *PVHID_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VHID_DRIVER_CONTEXT, VhidGetDriverContext)

typedef struct _VHID_DEVICE_CONTEXT {
    WDFDEVICE               Device;
    WDFQUEUE                DefaultQueue;
    WDFQUEUE                ManualQueue;
    WDFTIMER                ReportTimer;
    WDFSPINLOCK             StateLock;
    VHID_INPUT_REPORT       State;
    VHID_OUTPUT_REPORT      LastOutput;
    HID_DEVICE_ATTRIBUTES   Attributes;
    HID_DESCRIPTOR          HidDescriptor;
    PHID_REPORT_DESCRIPTOR  ReportDescriptor;
    ULONG                   IntervalMs;
} VHID_DEVICE_CONTEXT, *PVHID_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VHID_DEVICE_CONTEXT, VhidGetDeviceContext)

extern const HID_REPORT_DESCRIPTOR VhidReportDescriptor[];
extern const ULONG VhidReportDescriptorLength;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD VhidEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP VhidEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL VhidEvtInternalDeviceControl;
EVT_WDF_TIMER VhidEvtReportTimer;

NTSTATUS
VhidQueueInitialize(
    _In_ WDFDEVICE Device,
    _Inout_ PVHID_DEVICE_CONTEXT DeviceContext
    );

NTSTATUS
VhidReportInitialize(
    _In_ WDFDEVICE Device,
    _Inout_ PVHID_DEVICE_CONTEXT DeviceContext
    );

NTSTATUS
VhidReadReport(
    _In_ PVHID_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request,
    _Out_ PBOOLEAN CompleteRequest
    );

NTSTATUS
VhidWriteReport(
    _In_ PVHID_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request
    );
