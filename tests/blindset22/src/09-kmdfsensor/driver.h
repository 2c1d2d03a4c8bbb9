/*++

Copyright (c) Northwind Instruments. All rights reserved.

Module Name:

    driver.h

Abstract:

    Shared declarations for the NWSENSE function driver (KMDF).

    One WDFDEVICE per enumerated NWSENSE probe (PnP, root- or ACPI-enumerated)
    and one non-PnP control device (\\.\NwSenseCtl) that exists while at least
    one probe is present. The control device is used by the service to query
    aggregate statistics without opening every probe.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <evntprov.h>
#include <initguid.h>

//
// Public interface (mirrored in nwsense_ioctl.h of the SDK)
//

// {6F1D2B8A-3E41-4C9B-9B0A-71C2E5D4A803}
DEFINE_GUID(GUID_DEVINTERFACE_NWSENSE,
    0x6f1d2b8a, 0x3e41, 0x4c9b, 0x9b, 0x0a, 0x71, 0xc2, 0xe5, 0xd4, 0xa8, 0x03);

// ETW provider "Northwind-NwSense"
// {A1B7C3D9-5E2F-4F60-8C11-0D9E3A7B4C52}
DEFINE_GUID(NWSENSE_PROVIDER_GUID,
    0xa1b7c3d9, 0x5e2f, 0x4f60, 0x8c, 0x11, 0x0d, 0x9e, 0x3a, 0x7b, 0x4c, 0x52);

#define NWSENSE_CONTROL_NT_NAME     L"\\Device\\NwSenseCtl"
#define NWSENSE_CONTROL_DOS_NAME    L"\\DosDevices\\NwSenseCtl"

#define IOCTL_NWSENSE_GET_SAMPLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_NWSENSE_WAIT_SAMPLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_NWSENSE_CTL_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x980, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _NWSENSE_SAMPLE {
    ULONG   Sequence;
    LONG    MilliCelsius;
    LONG64  Timestamp;
} NWSENSE_SAMPLE, *PNWSENSE_SAMPLE;

typedef struct _NWSENSE_STATS {
    ULONG   ProbeCount;
    ULONG   SampleIntervalMs;
    LONG64  TotalSamples;
} NWSENSE_STATS, *PNWSENSE_STATS;

//
// Tracing / error helpers
//

#define NWS_POOL_TAG    'sSwN'

#define NWS_TRACE(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "nwsense: " _fmt "\n", __VA_ARGS__)

#define NWS_ERROR(_fmt, ...)    NWS_TRACE(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define NWS_INFO(_fmt, ...)     NWS_TRACE(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)

//
// Evaluate an NTSTATUS expression into _status; on failure trace and jump.
//
#define IF_FAILED_GOTO(_status, _expr, _label)                                   \
    do {                                                                         \
        (_status) = (_expr);                                                     \
        if (!NT_SUCCESS(_status)) {                                              \
            NWS_ERROR("%s failed 0x%08X (%s:%d)", #_expr, (_status),             \
                      __FILE__, __LINE__);                                       \
            goto _label;                                                         \
        }                                                                        \
    } while (0)

//
// Driver-wide state, lives in the WDFDRIVER context. Everything in here is
// created after WdfDriverCreate succeeded, so the WDFDRIVER cleanup callback
// is the single place that undoes it, whether DriverEntry fails later or the
// driver is unloaded normally.
//
typedef struct _NWS_DRIVER_CONTEXT {
    WDFWAITLOCK     ControlLock;        // protects Probes / ControlDevice
    WDFCOLLECTION   Probes;             // WDFDEVICE handles of live probes
    WDFDEVICE       ControlDevice;      // NULL while no probe is present
    ULONG           SampleIntervalMs;
    LONG64          TotalSamples;
    REGHANDLE       EtwHandle;          // 0 if registration failed
} NWS_DRIVER_CONTEXT, *PNWS_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(NWS_DRIVER_CONTEXT, NwsGetDriverContext)

typedef struct _NWS_DEVICE_CONTEXT {
    WDFDEVICE       Device;
    WDFQUEUE        WaitQueue;          // manual queue, IOCTL_NWSENSE_WAIT_SAMPLE
    WDFTIMER        SampleTimer;
    WDFSPINLOCK     SampleLock;
    NWSENSE_SAMPLE  LastSample;
    ULONG           Seed;
} NWS_DEVICE_CONTEXT, *PNWS_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(NWS_DEVICE_CONTEXT, NwsGetDeviceContext)

typedef struct _NWS_CONTROL_CONTEXT {
    PNWS_DRIVER_CONTEXT DriverContext;
} NWS_CONTROL_CONTEXT, *PNWS_CONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(NWS_CONTROL_CONTEXT, NwsGetControlContext)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP NwsEvtDriverContextCleanup;

VOID
NwsTraceEvent(
    _In_ PNWS_DRIVER_CONTEXT DriverContext,
    _In_ UCHAR Level,
    _In_z_ PCWSTR Message
    );

//
// device.c
//
EVT_WDF_DRIVER_DEVICE_ADD NwsEvtDeviceAdd;

//
// control.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
NwsControlAttachProbe(
    _In_ PNWS_DRIVER_CONTEXT DriverContext,
    _In_ WDFDEVICE Probe
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
NwsControlDetachProbe(
    _In_ PNWS_DRIVER_CONTEXT DriverContext,
    _In_ WDFDEVICE Probe
    );
