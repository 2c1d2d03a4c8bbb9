/*++

Module Name:

    driver.h

Abstract:

    Shared definitions for the Thermion fan controller KMDF driver.

Environment:

    Kernel-mode Driver Framework

--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

//
// WPP tracing
//
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        ThermionTraceGuid, (6b0e2d9a,51c4,4f7e,8a13,2f6d0c9b7e44),     \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                   \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                    \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)  WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level) \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//

// {4C8D1E70-3A2B-4E0F-9B61-6A0C9D2E5F11}
DEFINE_GUID(GUID_DEVINTERFACE_THERMION_FAN,
    0x4c8d1e70, 0x3a2b, 0x4e0f, 0x9b, 0x61, 0x6a, 0x0c, 0x9d, 0x2e, 0x5f, 0x11);

#define THERMION_CONTROL_NAME   L"\\Device\\ThermionCtl"
#define THERMION_CONTROL_LINK   L"\\DosDevices\\ThermionCtl"

#define IOCTL_THERMION_SET_DUTY    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_THERMION_GET_RPM     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_THERMION_WAIT_ALARM  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE   Device;
    WDFQUEUE    DefaultQueue;
    WDFQUEUE    AlarmQueue;         // manual queue, pended WAIT_ALARM requests
    WDFQUEUE    PowerQueue;         // sequential queue for duty-cycle changes
    ULONG       DutyCycle;
    ULONG       LastRpm;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

typedef struct _CONTROL_CONTEXT {
    ULONG OpenCount;
} CONTROL_CONTEXT, *PCONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_CONTEXT, ControlGetContext)

EXTERN_C_START

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD ThermionEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP ThermionEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL ThermionEvtIoDeviceControl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL ThermionEvtPowerIoctl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL ThermionEvtControlIoctl;

NTSTATUS ThermionCreateControlDevice(_In_ WDFDRIVER Driver);

EXTERN_C_END
