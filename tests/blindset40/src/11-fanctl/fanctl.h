/*++

Module Name:

    fanctl.h

Abstract:

    KMDF function driver for the FC-4 four-channel fan controller card.
    Exposes fan duty/RPM through IOCTLs and completes a pending "alarm"
    request when a fan stalls.

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

// {3a9f6c12-7d58-4e0b-a1c4-92e5d03b7f61}
DEFINE_GUID(GUID_DEVINTERFACE_FANCTL,
    0x3a9f6c12, 0x7d58, 0x4e0b, 0xa1, 0xc4, 0x92, 0xe5, 0xd0, 0x3b, 0x7f, 0x61);

#define FAN_POOL_TAG            'CnaF'
#define FAN_CHANNELS            4
#define FAN_REG_DUTY(n)         (0x00 + (n) * 4)
#define FAN_REG_RPM(n)          (0x20 + (n) * 4)
#define FAN_REG_WINDOW          0x40
#define FAN_DEFAULT_POLL_MS     1000
#define FAN_STALL_RPM           200

#define IOCTL_FAN_GET_RPM       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_FAN_SET_DUTY      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_FAN_WAIT_ALARM    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x832, METHOD_BUFFERED, FILE_READ_ACCESS)

#define FanPrint(_lvl_, _fmt_, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl_), "fanctl: " _fmt_ "\n", __VA_ARGS__)

typedef struct _FAN_DUTY_REQUEST {
    ULONG   Channel;
    ULONG   DutyPercent;
} FAN_DUTY_REQUEST, *PFAN_DUTY_REQUEST;

typedef struct _FAN_DRIVER_CONTEXT {
    ULONG   PollIntervalMs;
} FAN_DRIVER_CONTEXT, *PFAN_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FAN_DRIVER_CONTEXT, FanGetDriverContext)

typedef struct _FAN_DEVICE_CONTEXT {
    WDFDEVICE   Device;
    WDFQUEUE    IoctlQueue;         // default, parallel
    WDFQUEUE    AlarmQueue;         // manual, holds IOCTL_FAN_WAIT_ALARM
    WDFTIMER    PollTimer;
    PULONG      Registers;
    SIZE_T      RegistersLength;
    ULONG       PollIntervalMs;
    ULONG       LastRpm[FAN_CHANNELS];
} FAN_DEVICE_CONTEXT, *PFAN_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FAN_DEVICE_CONTEXT, FanGetDeviceContext)

// driver.c
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD FanEvtDriverUnload;

// device.c
EVT_WDF_DRIVER_DEVICE_ADD           FanEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE     FanEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE     FanEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY             FanEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT              FanEvtD0Exit;
EVT_WDF_TIMER                       FanEvtPollTimer;

// ioctl.c
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  FanEvtIoDeviceControl;
